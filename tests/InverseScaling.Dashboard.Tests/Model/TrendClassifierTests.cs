using InverseScaling.Dashboard.Model;

namespace InverseScaling.Dashboard.Tests.Model;

public class TrendClassifierTests
{
    private static TrendPoint[] Curve(params (double Mean, double Sem)[] points) =>
        points.Select((p, i) => new TrendPoint(Math.Pow(10, 8 + i), p.Mean, p.Sem)).ToArray();

    [Fact]
    public void Loss_rising_beyond_two_combined_sems_is_inverse()
    {
        // 0.80 − 0.70 = 0.10 > 2·√(0.02² + 0.02²) = 0.0566
        var verdict = TrendClassifier.Classify(Curve((0.70, 0.02), (0.74, 0.02), (0.80, 0.02)), higherIsBetter: false);
        Assert.Equal(TrendVerdict.Inverse, verdict);
    }

    [Fact]
    public void Loss_falling_is_standard()
    {
        Assert.Equal(TrendVerdict.Standard, TrendClassifier.Classify(Curve((0.9, 0.01), (0.7, 0.01), (0.5, 0.01)), higherIsBetter: false));
    }

    [Fact]
    public void Difference_within_the_noise_is_flat()
    {
        // 0.05 < 2·√(0.02² + 0.02²) = 0.0566: not significant.
        Assert.Equal(TrendVerdict.Flat, TrendClassifier.Classify(Curve((0.70, 0.02), (0.72, 0.02), (0.75, 0.02)), higherIsBetter: false));
    }

    [Fact]
    public void Just_above_the_threshold_counts()
    {
        var threshold = 2 * Math.Sqrt(2) * 0.02;
        Assert.Equal(TrendVerdict.Inverse, TrendClassifier.Classify(Curve((0.70, 0.02), (0.70 + threshold + 1e-6, 0.02)), higherIsBetter: false));
        Assert.Equal(TrendVerdict.Flat, TrendClassifier.Classify(Curve((0.70, 0.02), (0.70 + threshold - 1e-6, 0.02)), higherIsBetter: false));
    }

    [Fact]
    public void Interior_peak_in_loss_is_u_shaped_performance()
    {
        // Performance drops (loss rises) then recovers: the Prize paper's U-shaped scaling.
        Assert.Equal(TrendVerdict.UShaped, TrendClassifier.Classify(Curve((0.6, 0.01), (0.9, 0.01), (0.62, 0.01)), higherIsBetter: false));
    }

    [Fact]
    public void Interior_dip_in_loss_is_inverted_u()
    {
        Assert.Equal(TrendVerdict.InvertedU, TrendClassifier.Classify(Curve((0.8, 0.01), (0.5, 0.01), (0.85, 0.01)), higherIsBetter: false));
    }

    [Fact]
    public void Accuracy_uses_the_opposite_direction()
    {
        // Accuracy falling with size is inverse scaling.
        Assert.Equal(TrendVerdict.Inverse, TrendClassifier.Classify(Curve((0.8, 0.02), (0.6, 0.02), (0.4, 0.02)), higherIsBetter: true));
        Assert.Equal(TrendVerdict.UShaped, TrendClassifier.Classify(Curve((0.8, 0.01), (0.4, 0.01), (0.8, 0.01)), higherIsBetter: true));
    }

    [Fact]
    public void Points_are_sorted_by_size_first()
    {
        var points = new[] { new TrendPoint(1e10, 0.9, 0.01), new TrendPoint(1e8, 0.5, 0.01) };
        Assert.Equal(TrendVerdict.Inverse, TrendClassifier.Classify(points, higherIsBetter: false));
    }

    [Fact]
    public void One_size_is_insufficient()
    {
        Assert.Equal(TrendVerdict.Insufficient, TrendClassifier.Classify(Curve((0.7, 0.01)), higherIsBetter: false));
    }

    [Fact]
    public void Peak_that_does_not_beat_both_ends_is_not_u_shaped()
    {
        // Rises significantly then falls a little: the end still sits far above the start, so inverse.
        Assert.Equal(TrendVerdict.Inverse, TrendClassifier.Classify(Curve((0.5, 0.01), (0.9, 0.01), (0.89, 0.01)), higherIsBetter: false));
    }
}
