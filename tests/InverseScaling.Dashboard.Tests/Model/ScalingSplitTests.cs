using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.Model;

/// <summary>A family's curve split by a metadata column (Korbak's loss vs size per repetition count, as one chart).</summary>
public class ScalingSplitTests
{
    private static readonly IReadOnlyDictionary<string, AggregateMetrics> NoLive = new Dictionary<string, AggregateMetrics>();

    // Toy family: model m's loss on example i is 0.2 + 0.3·m + 0.01·i; example i has reps = i % 3 (6 examples).
    private static readonly InMemoryResultsStore Store = Samples.StoreWithFamily(6, ("small", 1_000_000), ("big", 10_000_000));

    private static ScalingView Split(string column, ScalingRequest? request = null)
    {
        var dataset = Store.GetDataset(Samples.Task)!;
        var split = ScalingSplit.For(column, MetadataTable.For(dataset), dataset);
        return ScalingView.Build(Samples.Task, Store.GetRuns(), (request ?? new ScalingRequest()) with { Split = column }, NoLive, r => Store.GetResults(r.Id), split);
    }

    [Fact]
    public void Each_value_of_the_column_is_a_curve_whose_points_average_that_values_examples()
    {
        var view = Split("reps");

        Assert.Equal(["Toy · reps = 0", "Toy · reps = 1", "Toy · reps = 2"], view.Series.Select(s => s.Name));
        Assert.Equal(["0", "1", "2"], view.Series.Select(s => s.SplitValue));
        // reps = 1 holds examples 1 and 4: small 0.2 + 0.025, big 0.5 + 0.025.
        var reps1 = view.Series[1];
        Assert.Equal(["small", "big"], reps1.Points.Select(p => p.Model));
        Assert.Equal(0.225, reps1.Points[0].Y, 9);
        Assert.Equal(0.525, reps1.Points[1].Y, 9);
        Assert.Equal(2, reps1.Points[0].Count);
        // SEM over the two examples (population std 0.015 / √2).
        Assert.Equal(0.015 / Math.Sqrt(2), reps1.Points[0].Sem!.Value, 9);
        Assert.Equal(TrendVerdict.Inverse, reps1.Verdict);
        Assert.Equal("reps", view.Request.Split);
    }

    [Fact]
    public void Ordinal_values_get_graded_colours_and_nominal_ones_distinct_colours_in_natural_order()
    {
        var palette = new ChartPalette();
        var byReps = Split("reps");
        Assert.True(byReps.Split!.Numeric);
        Assert.Equal(
            [palette.GradedColor(0, 3), palette.GradedColor(1, 3), palette.GradedColor(2, 3)],
            byReps.Series.Select(s => ScalingFigure.SeriesColor(byReps, s, palette)));

        var dataset = Store.GetDataset(Samples.Task)!;
        string[] templates = ["T10", "T2", "T1", "T10", "T2", "T1"];
        var named = dataset with
        {
            Examples = dataset.Examples.Select((e, i) => e with { Metadata = new Dictionary<string, string> { ["template"] = templates[i] } }).ToList(),
            MetadataColumns = ["template"],
        };
        var split = ScalingSplit.For("template", MetadataTable.For(named), named);
        var byTemplate = ScalingView.Build(Samples.Task, Store.GetRuns(), new ScalingRequest { Split = "template" }, NoLive, r => Store.GetResults(r.Id), split);

        Assert.False(split.Numeric);
        Assert.Equal(["T1", "T2", "T10"], byTemplate.Series.Select(s => s.SplitValue));
        Assert.Equal(
            [palette.CategoryColor(0), palette.CategoryColor(1), palette.CategoryColor(2)],
            byTemplate.Series.Select(s => ScalingFigure.SeriesColor(byTemplate, s, palette)));
        var figure = ScalingFigure.Build(byTemplate, palette, ChartStyle.Default);
        Assert.Contains(", by template", figure.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_only_runs_are_left_off_a_split_with_a_note()
    {
        var runs = Store.GetRuns().Append(Samples.Run("opt", "OPT", 125_000_000, Samples.Loss(0.7, 0.01), imported: true, perExample: false)).ToList();
        var dataset = Store.GetDataset(Samples.Task)!;
        var split = ScalingSplit.For("reps", MetadataTable.For(dataset), dataset);

        var view = ScalingView.Build(Samples.Task, runs, new ScalingRequest { Split = "reps" }, NoLive, r => r.Source.HasPerExampleResults ? Store.GetResults(r.Id) : null, split);

        Assert.All(view.Series, s => Assert.Equal("Toy", s.Family));
        Assert.Contains(view.Notes, n => n.Contains("Splitting by reps needs per-example results", StringComparison.Ordinal) && n.Contains("opt", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_column_or_the_training_step_axis_draws_unsplit_curves_and_says_why()
    {
        var unknown = ScalingView.Build(Samples.Task, Store.GetRuns(), new ScalingRequest { Split = "colour" }, NoLive, r => Store.GetResults(r.Id));
        Assert.Equal(["Toy"], unknown.Series.Select(s => s.Name));
        Assert.Null(unknown.Request.Split);
        Assert.Contains(unknown.Notes, n => n.Contains("no such metadata column", StringComparison.Ordinal));

        var onSteps = Split("reps", new ScalingRequest { Axis = ScalingAxis.TrainingStep });
        Assert.Null(onSteps.Split);
        Assert.Contains(onSteps.Notes, n => n.Contains("training-step axis", StringComparison.Ordinal));
    }
}
