using InverseScaling.Dashboard.Model;

namespace InverseScaling.Dashboard.Tests.Model;

public class PairedBootstrapTests
{
    [Fact]
    public void Identical_differences_give_a_point_interval()
    {
        Assert.Equal((0.3, 0.3), PairedBootstrap.MeanInterval([0.3, 0.3, 0.3, 0.3]));
    }

    [Fact]
    public void Two_examples_resample_to_means_0_half_and_1()
    {
        // Resampling {0, 1} in pairs gives means 0 (p = 1/4), 0.5 (1/2) and 1 (1/4): with 2,000 resamples about 500 of
        // each end, so the 2.5th percentile is 0 and the 97.5th is 1.
        var (low, high) = PairedBootstrap.MeanInterval([0.0, 1.0])!.Value;

        Assert.Equal((0.0, 1.0), (low, high));
    }

    [Fact]
    public void The_interval_covers_the_mean_and_shrinks_with_more_examples()
    {
        var random = new Random(3);
        var small = Enumerable.Range(0, 50).Select(_ => random.NextDouble() - 0.3).ToList();
        var large = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() - 0.3).ToList();

        var (sLow, sHigh) = PairedBootstrap.MeanInterval(small)!.Value;
        var (lLow, lHigh) = PairedBootstrap.MeanInterval(large)!.Value;

        Assert.InRange(small.Average(), sLow, sHigh);
        Assert.InRange(large.Average(), lLow, lHigh);
        // Width ∝ 1/√n: 100× the examples, about a tenth of the width (uniform on [0, 1): σ = 0.289, 95 % ≈ ±1.96 σ/√n).
        Assert.InRange(lHigh - lLow, 0.0125, 0.0195);
        Assert.InRange(sHigh - sLow, 0.12, 0.20);
        Assert.Null(PairedBootstrap.MeanInterval([]));
    }
}
