using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;

namespace InverseScaling.Dashboard.Tests.Pages;

public class ScalingPageTests : DashboardTestContext
{
    public ScalingPageTests()
    {
        Store.UpdateRun(Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));
        Store.UpdateRun(Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.01)));
        Store.UpdateRun(Samples.Run("opt", "OPT", 125_000_000, Samples.Loss(0.75, 0.01), imported: true, perExample: false, note: "caveat from the source"));
    }

    [Fact]
    public void Url_state_becomes_the_view_and_the_table_reads_the_points()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, ScalingMetric.Accuracy, hiddenFamilies: ["OPT"]));

        var view = page.Instance.View!;
        Assert.Equal(ScalingMetric.Accuracy, view.Request.Metric);
        Assert.Equal(["GPT-3"], view.Series.Select(s => s.Name));
        var rows = page.FindAll("[data-testid=scaling-row]");
        Assert.Equal(["small", "big"], rows.Select(r => r.GetAttribute("data-model")));
        Assert.Equal("0.5", rows[0].GetAttribute("data-value"));
    }

    [Fact]
    public void Imported_runs_are_marked_and_their_caveats_shown()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        var opt = page.FindAll("[data-testid=scaling-row]").Single(r => r.GetAttribute("data-model") == "opt");
        Assert.Equal("imported", opt.QuerySelector("[data-testid=run-source]")!.GetAttribute("data-origin"));
        Assert.Contains(page.FindAll("[data-testid=scaling-note]"), n => n.TextContent.Contains("caveat from the source", StringComparison.Ordinal));
    }

    [Fact]
    public void Clicking_a_family_hides_it_through_the_url()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        page.FindAll("[data-testid=family-toggle]").Single(c => c.GetAttribute("data-family") == "OPT").Click();

        Assert.Equal(["OPT"], QueryValues(DashboardUrls.Query.Hide));
        Assert.Equal(["GPT-3"], page.Instance.View!.Series.Select(s => s.Name));
    }

    [Fact]
    public void Chart_is_drawn_through_the_chart_module_with_export_buttons()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        Assert.NotNull(page.Find("[data-testid=scaling-chart-export-png]"));
        Assert.NotNull(page.Find("[data-testid=scaling-chart-export-svg]"));
        Assert.NotNull(page.Find("[data-testid=scaling-chart-export-csv]"));
        var render = Assert.Single(JSInterop.Invocations, i => i.Identifier == "render");
        Assert.Equal("scaling-chart", render.Arguments[0]);
        Assert.Contains("\"type\":\"log\"", (string)render.Arguments[1]!, StringComparison.Ordinal);
        Assert.Equal(true, render.Arguments[3]);
    }

    [Fact]
    public void Png_export_draws_a_light_opaque_16_9_slide_named_after_task_metric_series_and_preset()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        page.Find("[data-testid=scaling-chart-export-png]").Click();

        var download = Assert.Single(JSInterop.Invocations, i => i.Identifier == "downloadImage");
        var figure = (string)download.Arguments[1]!;
        Assert.Contains("\"paper_bgcolor\":\"#FFFFFF\"", figure, StringComparison.Ordinal);
        Assert.Contains("\"size\":20", figure, StringComparison.Ordinal); // presentation-size fonts on a slide
        // Laid out at 960×540 and drawn at 2×: 1920×1080 pixels.
        Assert.Equal(["scaling-chart", "png", "toy-task_loss_vs-params_GPT-3-OPT_16x9-light", 960, 540, 2], download.Arguments.Where((_, i) => i != 1));
    }
}

public class ScalingAxisButtonTests : DashboardTestContext
{
    [Fact]
    public void Flops_button_is_disabled_with_a_reason_when_no_run_records_training_tokens()
    {
        Store.UpdateRun(Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));

        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        var flops = page.Find("[data-testid=axis-flops]");
        Assert.True(flops.HasAttribute("disabled"));
        Assert.Contains("training tokens", flops.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void Flops_axis_plots_six_n_d_and_explains_it_when_both_are_known()
    {
        Store.UpdateRun(Samples.Run("small", "Pythia", 1_000_000, Samples.Loss(0.70, 0.01)) with { TrainingTokens = 2_000_000_000 });
        Store.UpdateRun(Samples.Run("big", "Pythia", 3_000_000, Samples.Loss(0.80, 0.01)) with { TrainingTokens = 5_000_000_000 });

        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, axis: ScalingAxis.TrainingCompute));

        var flops = page.Find("[data-testid=axis-flops]");
        Assert.False(flops.HasAttribute("disabled"));
        Assert.Contains("6 · N · D", flops.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal([1.2e16, 9e16], page.Instance.View!.Series.Single().Points.Select(p => p.X));
        Assert.Contains(page.FindAll("[data-testid=scaling-note]"), n => n.TextContent.Contains("Chinchilla", StringComparison.Ordinal));
        Assert.Equal("1.2e+16", page.FindAll("[data-testid=scaling-row]")[0].Children[2].TextContent);
    }
}

public class ScalingEmptyMetricTests : DashboardTestContext
{
    public ScalingEmptyMetricTests()
    {
        // Like the lm-eval v0.3 imports: accuracy and acc_norm, no loss, no class mass.
        var accuracyOnly = new Engine.Scoring.AggregateMetrics { Count = 100, Accuracy = 0.6, AccuracySem = 0.05, AccuracyNorm = 0.55, AccuracyNormSem = 0.05 };
        Store.UpdateRun(Samples.Run("pythia-70m", "Pythia", 70_000_000, accuracyOnly, imported: true, perExample: false));
        Store.UpdateRun(Samples.Run("pythia-1b", "Pythia", 1_000_000_000, accuracyOnly with { Accuracy = 0.5 }, imported: true, perExample: false));
    }

    [Fact]
    public void Loss_without_data_names_the_metrics_that_have_it_with_links_to_switch()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, shots: 0));

        Assert.Empty(page.Instance.View!.Series);
        var links = page.FindAll("[data-testid=scaling-switch-metric]");
        Assert.Equal(["acc", "acc_norm"], links.Select(l => l.GetAttribute("data-metric")));
        Assert.Equal(DashboardUrls.ScalingUrl(Samples.Task, ScalingMetric.Accuracy), links[0].GetAttribute("href"));
        Assert.Contains("loss", page.Find("[data-testid=scaling-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Following_the_link_draws_the_metric()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        Navigation.NavigateTo(page.Find("[data-testid=scaling-switch-metric]").GetAttribute("href")!);

        Assert.Equal([0.6, 0.5], page.Instance.View!.Series.Single().Points.Select(p => p.Y));
        Assert.Empty(page.FindAll("[data-testid=scaling-empty]"));
    }

    [Fact]
    public void Hiding_every_family_says_so_rather_than_offering_metrics()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, ScalingMetric.Accuracy, hiddenFamilies: ["Pythia"]));

        Assert.Empty(page.FindAll("[data-testid=scaling-switch-metric]"));
        Assert.Contains("Every family is hidden", page.Find("[data-testid=scaling-empty]").TextContent, StringComparison.Ordinal);
    }
}

public class ScalingMissingFamilyTests : DashboardTestContext
{
    [Fact]
    public void A_family_without_the_metric_is_named_with_links_to_the_metrics_that_draw_it()
    {
        Store.UpdateRun(Samples.Run("ada", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));
        var accuracyOnly = new Engine.Scoring.AggregateMetrics { Count = 100, Accuracy = 0.6, AccuracySem = 0.05 };
        Store.UpdateRun(Samples.Run("pythia-70m", "Pythia", 70_000_000, accuracyOnly, imported: true, perExample: false));

        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        Assert.Equal(["GPT-3"], page.Instance.View!.Series.Select(s => s.Name));
        Assert.Equal(["Pythia"], page.Instance.View.FamiliesWithoutData);
        Assert.Contains("Pythia", page.Find("[data-testid=scaling-missing-families]").TextContent, StringComparison.Ordinal);
        // Accuracy draws Pythia; class mass (GPT-3 only) would not, so it is not offered.
        Assert.Equal(["acc"], page.FindAll("[data-testid=scaling-switch-metric]").Select(l => l.GetAttribute("data-metric")));
    }

    [Fact]
    public void No_note_when_every_shown_family_is_drawn()
    {
        Store.UpdateRun(Samples.Run("ada", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));
        Store.UpdateRun(Samples.Run("opt", "OPT", 125_000_000, Samples.Loss(0.75, 0.01)));

        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, hiddenFamilies: ["OPT"]));

        Assert.Empty(page.Instance.View!.FamiliesWithoutData);
        Assert.Empty(page.FindAll("[data-testid=scaling-missing-families]"));
    }
}

public class ScalingSplitPageTests : DashboardTestContext
{
    public ScalingSplitPageTests() => Samples.AddFamily(Store, 6, ("small", 1_000_000), ("big", 10_000_000));

    [Fact]
    public void Split_column_from_the_url_draws_one_curve_per_value_and_stays_in_the_url()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, split: "reps"));

        Assert.NotNull(page.Find("[data-testid=scaling-split]"));
        Assert.Equal(["Toy · reps = 0", "Toy · reps = 1", "Toy · reps = 2"], page.Instance.View!.Series.Select(s => s.Name));
        Assert.Equal(6, page.FindAll("[data-testid=scaling-row]").Count);
        var render = Assert.Single(JSInterop.Invocations, i => i.Identifier == "render");
        Assert.Contains("reps = 2\"", (string)render.Arguments[1]!, StringComparison.Ordinal);

        // Another control keeps the split.
        page.FindAll("[data-testid=family-toggle]").Single().Click();
        Assert.Equal(["reps"], QueryValues(DashboardUrls.Query.Split));
    }
}

public class ScalingAxisWarningTests : DashboardTestContext
{
    [Fact]
    public void A_family_drawn_as_a_vertical_line_is_warned_about_above_the_chart()
    {
        foreach (var (model, size) in new[] { ("ada", 350_000_000L), ("davinci", 175_000_000_000L) })
        {
            Store.UpdateRun(Samples.Run(model, "GPT-3", size, Samples.Loss(0.7, 0.01)) with { TrainingTokens = 300_000_000_000 });
        }

        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task, axis: ScalingAxis.TrainingTokens));

        var warning = page.Find("[data-testid=scaling-axis-warning]");
        Assert.Contains("GPT-3: all 2 models share one training tokens value (300B)", warning.TextContent, StringComparison.Ordinal);
        // Shown once, above the chart, not repeated among the caveats below it.
        Assert.DoesNotContain(page.FindAll("[data-testid=scaling-note]"), n => n.TextContent.Contains("vertical line", StringComparison.Ordinal));
        Assert.Empty(RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task)).FindAll("[data-testid=scaling-axis-warning]"));
    }
}
