namespace InverseScaling.Engine.Data;

/// <summary>
/// A small seeded generator (SplitMix64) whose sequence is fixed by this code alone, so a seed gives the same
/// k-shot prompts and generated tasks on every .NET version and machine (System.Random makes no such promise).
/// It is not Python's Mersenne Twister: the official k-shot files cannot be reproduced with it, only re-drawn.
/// </summary>
internal sealed class SeededRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>), without modulo bias (rejection of the short last bucket).</summary>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
        ulong value;
        do
        {
            value = NextUInt64();
        }
        while (value >= limit);

        return (int)(value % (ulong)bound);
    }

    /// <summary>
    /// <paramref name="count"/> distinct values from [0, <paramref name="range"/>) in random order: a partial
    /// Fisher–Yates shuffle over a virtual array, O(count) time and memory whatever the range.
    /// </summary>
    public int[] SampleWithoutReplacement(int range, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, range);
        var swapped = new Dictionary<int, int>();
        var result = new int[count];
        for (var i = 0; i < count; i++)
        {
            var j = i + Next(range - i);
            var atJ = swapped.GetValueOrDefault(j, j);
            swapped[j] = swapped.GetValueOrDefault(i, i);
            result[i] = atJ;
        }

        return result;
    }
}
