using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.Model;

public class ScalingViewTests
{
    private static readonly IReadOnlyDictionary<string, AggregateMetrics> NoLive = new Dictionary<string, AggregateMetrics>();

    [Fact]
    public void One_series_per_family_sorted_by_size_with_verdict_and_baseline()
    {
        RunRecord[] runs =
        [
            Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.01)),
            Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)),
            Samples.Run("opt-1", "OPT", 125_000_000, Samples.Loss(0.75, 0.01)),
        ];

        var view = ScalingView.Build("t", runs, new ScalingRequest(), NoLive, _ => null);

        Assert.Equal(["GPT-3", "OPT"], view.Series.Select(s => s.Name));
        var gpt3 = view.Series[0];
        Assert.Equal(["small", "big"], gpt3.Points.Select(p => p.Model));
        Assert.Equal(TrendVerdict.Inverse, gpt3.Verdict);
        Assert.Equal(TrendVerdict.Insufficient, view.Series[1].Verdict);
        Assert.Equal(Math.Log(2), view.Baseline!.Value, 12);
    }

    [Fact]
    public void Invert_applies_the_prize_formula_per_example()
    {
        var store = Samples.StoreWithFamily(4, ("m", 1_000_000));
        var run = store.GetRuns().Single();
        var results = store.GetResults(run.Id);

        var view = ScalingView.Build("t", [run], new ScalingRequest { Invert = true }, NoLive, r => store.GetResults(r.Id));

        var expected = results.Select(r => -Math.Log(1 - Math.Exp(-r.Loss))).Average();
        Assert.Equal(expected, view.Series.Single().Points.Single().Y, 12);
        Assert.NotEqual(PrizeMetrics.InvertLoss(results.Average(r => r.Loss)), view.Series.Single().Points.Single().Y, 6);
    }

    [Fact]
    public void Invert_hides_aggregate_only_runs_and_says_so()
    {
        var run = Samples.Run("opt", "OPT", 125_000_000, Samples.Loss(0.7, 0.01), imported: true, perExample: false);
        var view = ScalingView.Build("t", [run], new ScalingRequest { Invert = true }, NoLive, _ => throw new InvalidOperationException("no per-example results"));
        Assert.Empty(view.Series);
        Assert.Contains(view.Notes, n => n.Contains("opt", StringComparison.Ordinal));
    }

    [Fact]
    public void Inverted_accuracy_is_one_minus_accuracy()
    {
        var run = Samples.Run("m", "F", 10, Samples.Loss(0.7, 0.01));
        var view = ScalingView.Build("t", [run], new ScalingRequest { Metric = ScalingMetric.Accuracy, Invert = true }, NoLive, _ => null);
        Assert.Equal(0.5, view.Series.Single().Points.Single().Y);
        Assert.Equal(0.5, view.Baseline);
    }

    [Fact]
    public void Training_step_axis_makes_one_curve_per_size_and_size_axis_takes_the_final_checkpoint()
    {
        RunRecord[] runs =
        [
            Samples.Run("p70m@1k", "Pythia", 70_000_000, Samples.Loss(0.6, 0.01), step: 1000),
            Samples.Run("p70m@143k", "Pythia", 70_000_000, Samples.Loss(0.7, 0.01), step: 143000),
            Samples.Run("p1b@1k", "Pythia", 1_000_000_000, Samples.Loss(0.6, 0.01), step: 1000),
            Samples.Run("p1b@143k", "Pythia", 1_000_000_000, Samples.Loss(0.9, 0.01), step: 143000),
        ];

        var bySteps = ScalingView.Build("t", runs, new ScalingRequest { Axis = ScalingAxis.TrainingStep }, NoLive, _ => null);
        Assert.Equal(["Pythia 70M", "Pythia 1B"], bySteps.Series.Select(s => s.Name));
        Assert.All(bySteps.Series, s => Assert.Equal([1000d, 143000d], s.Points.Select(p => p.X)));

        var bySize = ScalingView.Build("t", runs, new ScalingRequest(), NoLive, _ => null);
        Assert.Equal(["p70m@143k", "p1b@143k"], bySize.Series.Single().Points.Select(p => p.Model));
    }

    [Fact]
    public void Hidden_families_and_other_shots_are_left_out()
    {
        RunRecord[] runs =
        [
            Samples.Run("a", "A", 10, Samples.Loss(0.7, 0.01)),
            Samples.Run("b", "B", 10, Samples.Loss(0.7, 0.01)),
            Samples.Run("a3", "A", 10, Samples.Loss(0.7, 0.01), shots: 3),
        ];

        var view = ScalingView.Build("t", runs, new ScalingRequest { HiddenFamilies = ["B"] }, NoLive, _ => null);
        Assert.Equal(["a"], view.Series.SelectMany(s => s.Points).Select(p => p.Model));
        Assert.Equal(["A", "B"], view.Families);
    }

    [Fact]
    public void Running_run_shows_its_live_partial_aggregate()
    {
        var run = Samples.Run("m", "F", 10, aggregate: null, status: RunStatus.Running) with { Completed = 5, Total = 10 };
        var live = new Dictionary<string, AggregateMetrics> { [run.Id] = Samples.Loss(0.65, 0.02, count: 5) };

        var point = ScalingView.Build("t", [run], new ScalingRequest(), live, _ => null).Series.Single().Points.Single();

        Assert.True(point.Partial);
        Assert.Equal(0.65, point.Y);
        Assert.Equal(5, point.Count);
    }

    [Fact]
    public void Csv_has_one_row_per_point_with_exact_numbers_and_source()
    {
        var run = Samples.Run("ada", "GPT-3", 350_000_000, Samples.Loss(0.718808, 0.014253, 300), imported: true);
        var csv = ScalingView.Build("neqa", [run], new ScalingRequest(), NoLive, _ => null).ToCsv();
        var lines = csv.TrimEnd().Split("\r\n");

        Assert.Equal("task,series,family,model,params,loss,sem,n,not_scored,verdict,source,source_file,source_url,partial", lines[0]);
        Assert.Equal("neqa,GPT-3,GPT-3,ada,350000000,0.718808,0.014253,300,0,one size,imported (official-pipeline-csv),ada.csv,,no", lines[1]);
    }

    [Fact]
    public void Figure_uses_log_axis_model_ticks_error_bars_and_dashed_baseline()
    {
        RunRecord[] runs =
        [
            Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)),
            Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.02)),
        ];
        var view = ScalingView.Build("neqa", runs, new ScalingRequest(), NoLive, _ => null);
        var palette = new ChartPalette();

        var figure = ScalingFigure.Build(view, palette, ChartStyle.Default);

        var trace = Assert.Single(figure.Data);
        Assert.Equal(palette.FamilyColor("GPT-3"), trace.Line!.Color);
        Assert.Equal([0.01, 0.02], trace.ErrorY!.Array);
        Assert.Equal("log", figure.Layout.Xaxis!.Type);
        Assert.Equal([350_000_000d, 175_000_000_000d], figure.Layout.Xaxis.Tickvals);
        Assert.Equal("350M<br>small", figure.Layout.Xaxis.Ticktext![0]);
        var baseline = Assert.Single(figure.Layout.Shapes!);
        Assert.Equal("dash", baseline.Line!.Dash);
        Assert.Equal(Math.Log(2), baseline.Y0, 12);
        Assert.Contains("n = 100", trace.Text![0], StringComparison.Ordinal);

        var json = figure.ToJson();
        Assert.Contains("\"error_y\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Presentation_style_draws_thicker_lines_and_larger_text()
    {
        var view = ScalingView.Build("t", [Samples.Run("m", "F", 10, Samples.Loss(0.7, 0.01))], new ScalingRequest(), NoLive, _ => null);
        var normal = ScalingFigure.Build(view, new ChartPalette(), new ChartStyle(false, false));
        var presenting = ScalingFigure.Build(view, new ChartPalette(), new ChartStyle(true, true));

        Assert.True(presenting.Data[0].Line!.Width > normal.Data[0].Line!.Width);
        Assert.True(presenting.Layout.Font!.Size > normal.Layout.Font!.Size);
        Assert.NotEqual(normal.Layout.Font.Color, presenting.Layout.Font.Color);
    }

    [Fact]
    public void Palette_is_stable_and_shades_models_within_a_family()
    {
        var palette = new ChartPalette();
        Assert.Equal(palette.FamilyColor("my-family"), new ChartPalette().FamilyColor("my-family"));
        Assert.Equal(palette.FamilyColor("GPT-3"), palette.ModelColor("GPT-3", 3, 4));
        Assert.NotEqual(palette.ModelColor("GPT-3", 0, 4), palette.ModelColor("GPT-3", 3, 4));
        Assert.Equal("#FFFFFF".Length, palette.ModelColor("GPT-3", 0, 4).Length);
    }
}

public class TrainingComputeAxisTests
{
    private static readonly IReadOnlyDictionary<string, AggregateMetrics> NoLive = new Dictionary<string, AggregateMetrics>();

    [Fact]
    public void Flops_axis_is_six_times_parameters_times_tokens_and_leaves_out_runs_without_tokens()
    {
        RunRecord[] runs =
        [
            Samples.Run("small", "F", 1_000_000, Samples.Loss(0.7, 0.01)) with { TrainingTokens = 2_000_000_000 },
            Samples.Run("big", "F", 3_000_000, Samples.Loss(0.8, 0.01)) with { TrainingTokens = 5_000_000_000 },
            Samples.Run("no-tokens", "F", 9_000_000, Samples.Loss(0.9, 0.01)),
        ];

        var view = ScalingView.Build("t", runs, new ScalingRequest { Axis = ScalingAxis.TrainingCompute }, NoLive, _ => null);

        var points = view.Series.Single().Points;
        Assert.Equal(["small", "big"], points.Select(p => p.Model));
        Assert.Equal(1.2e16, points[0].X);
        Assert.Equal(9e16, points[1].X);
        Assert.Contains(view.Notes, n => n.Contains("6 · N · D", StringComparison.Ordinal) && n.Contains("Kaplan", StringComparison.Ordinal));
        Assert.Contains(view.Notes, n => n.Contains("no-tokens", StringComparison.Ordinal));
        Assert.Equal("1.2e+16", ScalingAxis.TrainingCompute.FormatX(points[0].X));
    }

    [Fact]
    public void Compute_is_unknown_unless_both_parameters_and_tokens_are()
    {
        var run = Samples.Run("m", "F", 10, Samples.Loss(0.7, 0.01));
        Assert.Null(ScalingOptionText.TrainingCompute(run));
        Assert.Null(ScalingOptionText.TrainingCompute(run with { Parameters = null, TrainingTokens = 5 }));
        Assert.Equal(300.0, ScalingOptionText.TrainingCompute(run with { TrainingTokens = 5 }));
        Assert.Equal(ScalingAxis.TrainingCompute, ScalingOptionText.ParseAxis("flops"));
    }
}
