using System.Numerics.Tensors;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Groups a task's examples by a prompt prefix that many of them share (a template's instruction, a few-shot
/// preamble), so that a KV-cache scorer runs each such prefix once instead of once per example.
/// </summary>
/// <remarks>
/// Prize tasks are templated: 837 of memo-trap's 936 prompts open with <c>Write a quote that ends in the word "</c>,
/// every NeQA prompt with a 20-word header. Greedy: the longest prefix at least half the remaining examples share
/// (they are contiguous once the prompts are sorted, so it is the best window minimum of adjacent common prefixes),
/// its examples out, and again on the rest, until no prefix of <see cref="MinimumLength"/> tokens is left. Each
/// member keeps at least its last prompt token to run, since the scores start from that position's logits.
/// </remarks>
internal static class SharedPrefixes
{
    /// <summary>Shorter prefixes are not worth their pass and the copies of their cache.</summary>
    public const int MinimumLength = 4;

    /// <summary>The groups, each with its prefix (empty for the examples that share none), in no particular order.</summary>
    public static List<(int[] Prefix, List<ExampleTokens> Examples)> Group(IReadOnlyList<ExampleTokens> examples)
    {
        var groups = new List<(int[] Prefix, List<ExampleTokens> Examples)>();
        var remaining = examples.ToList();
        while (remaining.Count >= 2 && DominantPrefix(remaining) is { } prefix)
        {
            bool Shares(ExampleTokens e) => e.Prompt.Length > prefix.Length && e.Prompt.AsSpan().StartsWith(prefix);
            groups.Add((prefix, remaining.Where(Shares).ToList()));
            remaining = [.. remaining.Where(e => !Shares(e))];
        }

        if (remaining.Count > 0)
        {
            groups.Add(([], remaining));
        }

        return groups;
    }

    /// <summary>The longest prefix of at least <see cref="MinimumLength"/> tokens that half the examples or more share.</summary>
    private static int[]? DominantPrefix(List<ExampleTokens> examples)
    {
        var sorted = examples.Select(e => e.Prompt).Order(Comparer<int[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();
        // Half the examples, and never fewer than two: a prefix of one example is nothing to share.
        var window = Math.Max(2, (sorted.Count + 1) / 2);
        // A shared prefix leaves every member its last prompt token: cap each prompt's contribution one short of its length.
        var adjacent = new int[sorted.Count - 1];
        for (var i = 0; i < adjacent.Length; i++)
        {
            adjacent[i] = Math.Min(sorted[i].AsSpan().CommonPrefixLength(sorted[i + 1]), Math.Min(sorted[i].Length, sorted[i + 1].Length) - 1);
        }

        var (best, at) = (0, -1);
        for (var start = 0; start + window - 1 <= adjacent.Length; start++)
        {
            // window examples span window - 1 adjacent pairs.
            var shared = TensorPrimitives.Min<int>(adjacent.AsSpan(start, window - 1));
            if (shared > best)
            {
                (best, at) = (shared, start);
            }
        }

        return best >= MinimumLength ? sorted[at][..best] : null;
    }
}
