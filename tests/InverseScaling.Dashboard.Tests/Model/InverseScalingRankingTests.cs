using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.Model;

public sealed class InverseScalingRankingTests
{
    private static RunRecord Aggregate(string model, long parameters, double loss, double lossSem, double accuracy, string task = Samples.Task, string family = "Acme") =>
        Samples.Run(model, family, parameters, new AggregateMetrics { Count = 100, MeanLoss = loss, LossSem = lossSem, Accuracy = accuracy, AccuracySem = 0.05 },
            task: task, imported: true, perExample: false);

    private static IReadOnlyList<RankedCurve> Rank(ScalingMetric? metric, params RunRecord[] runs) =>
        InverseScalingRanking.Rank(runs.GroupBy(r => r.TaskName).Select(g => (g.Key, (IReadOnlyList<RunRecord>)g.ToList())), metric, _ => null);

    [Fact]
    public void Strength_is_the_slope_of_loss_per_decade_with_an_interval_from_the_SEMs()
    {
        var curve = Assert.Single(Rank(null,
            Aggregate("s", 100_000_000, 0.5, 0.01, 0.8), Aggregate("m", 1_000_000_000, 0.7, 0.01, 0.6), Aggregate("l", 10_000_000_000, 0.9, 0.01, 0.4)));

        Assert.Equal(ScalingMetric.Loss, curve.Metric);
        Assert.Equal(0.2, curve.Strength, 1e-12);
        // SE² = Σ ((xᵢ − x̄)/Σ(x − x̄)²)² SEMᵢ² = (¼ + 0 + ¼) · 0.01² by hand.
        var half = 1.96 * Math.Sqrt(0.5 * 0.0001);
        Assert.Equal((0.2 - half, 0.2 + half), (curve.Low!.Value, curve.High!.Value), new TupleTolerance());
        Assert.Equal(StrengthInterval.Sem, curve.Interval);
        Assert.Equal(TrendVerdict.Inverse, curve.Verdict);
        Assert.True(curve.SignificantlyInverse);
    }

    [Fact]
    public void Accuracy_slopes_are_sign_flipped_so_that_falling_accuracy_is_positive()
    {
        var curve = Assert.Single(Rank(ScalingMetric.Accuracy,
            Aggregate("s", 100_000_000, 0.5, 0.01, 0.8), Aggregate("m", 1_000_000_000, 0.7, 0.01, 0.6), Aggregate("l", 10_000_000_000, 0.9, 0.01, 0.4)));

        Assert.Equal(0.2, curve.Strength, 1e-12);
        Assert.Equal([0.8, 0.6, 0.4], curve.Points.Select(p => p.Value));
    }

    [Fact]
    public void Families_with_fewer_than_three_sizes_are_left_out_and_the_strongest_comes_first()
    {
        var ranked = Rank(null,
            Aggregate("s", 100_000_000, 0.5, 0.01, 0.8, task: "mild"), Aggregate("m", 1_000_000_000, 0.55, 0.01, 0.6, task: "mild"), Aggregate("l", 10_000_000_000, 0.6, 0.01, 0.4, task: "mild"),
            Aggregate("s", 100_000_000, 0.5, 0.01, 0.8, task: "steep"), Aggregate("m", 1_000_000_000, 1.0, 0.01, 0.6, task: "steep"), Aggregate("l", 10_000_000_000, 1.5, 0.01, 0.4, task: "steep"),
            Aggregate("a", 100_000_000, 0.5, 0.01, 0.8, task: "two sizes"), Aggregate("b", 1_000_000_000, 2.0, 0.01, 0.6, task: "two sizes"));

        Assert.Equal(["steep", "mild"], ranked.Select(c => c.Task));
    }

    [Fact]
    public void The_bootstrap_resamples_the_same_examples_for_every_size()
    {
        // Loss = size effect + example effect: any resample moves every size by the same amount, so the slope — and both
        // ends of the interval — stay exactly the point estimate. A bootstrap drawing examples independently per size would not.
        var store = new InMemoryResultsStore();
        var dataset = Samples.Dataset(20);
        store.SaveDataset(dataset);
        var sizes = new[] { ("s", 100_000_000L), ("m", 1_000_000_000L), ("l", 10_000_000_000L) };
        foreach (var (model, parameters, rank) in sizes.Select((s, i) => (s.Item1, s.Item2, i)))
        {
            var results = dataset.Examples.Select(e => Samples.Result(e.Index, 0.2 + 0.1 * rank + 0.03 * e.Index, e.AnswerIndex)).ToList();
            store.ImportRun(Samples.Run(model, "Acme", parameters, Aggregator.Compute(results, dataset)), results);
        }

        var curve = Assert.Single(InverseScalingRanking.Rank([(Samples.Task, store.GetRuns())], ScalingMetric.Loss, r => store.GetResults(r.Id)));

        Assert.Equal(StrengthInterval.Bootstrap, curve.Interval);
        Assert.Equal(0.1, curve.Strength, 1e-9);
        Assert.Equal(curve.Strength, curve.Low!.Value, 1e-9);
        Assert.Equal(curve.Strength, curve.High!.Value, 1e-9);
    }

    [Fact]
    public void Sparklines_scale_each_curve_to_its_own_range()
    {
        Assert.Equal("▁▅█", Sparkline.Text([1.0, 1.5, 2.0]));
        Assert.Equal("0,19 45,1", Sparkline.SvgPoints([3.0, 4.0], 45, 20));
    }

    private sealed class TupleTolerance : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-12 && Math.Abs(x.Item2 - y.Item2) < 1e-12;

        public int GetHashCode((double, double) obj) => 0;
    }
}
