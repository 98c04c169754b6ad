using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class SeededRandomTests
{
    [Fact]
    public void Is_splitmix64()
    {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c): the sequence, and so every k-shot
        // prompt and generated task, must never change silently.
        var random = new SeededRandom(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void Samples_distinct_values_in_range()
    {
        var random = new SeededRandom(42);
        for (var trial = 0; trial < 100; trial++)
        {
            var sample = random.SampleWithoutReplacement(20, 20);
            Assert.Equal(Enumerable.Range(0, 20), sample.Order());
        }

        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.Next(3)), v => Assert.InRange(v, 0, 2));
    }
}
