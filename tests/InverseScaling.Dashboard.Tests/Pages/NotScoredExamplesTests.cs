using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>
/// A run where the model could not score one example (a class longer than its context): every page says how many were
/// scored of how many, and the example itself is marked with the reason instead of numbers.
/// </summary>
public class NotScoredExamplesTests : DashboardTestContext
{
    private const string Reason = "class 2 alone needs 300 tokens after the prompt, more than the model's context of 256";

    public NotScoredExamplesTests()
    {
        var dataset = Samples.Dataset(4);
        Store.SaveDataset(dataset);
        var small = dataset.Examples.Select(e => Samples.Result(e.Index, 0.3, e.AnswerIndex)).ToList();
        var large = dataset.Examples.Select(e => e.Index == 2 ? ExampleResult.NotScored(2, Reason) : Samples.Result(e.Index, 0.9, e.AnswerIndex)).ToList();
        Store.ImportRun(Samples.Run("small", "Toy", 1_000_000, Aggregator.Compute(small, dataset)), small);
        Store.ImportRun(Samples.Run("large", "Toy", 100_000_000, Aggregator.Compute(large, dataset)), large);
    }

    [Fact]
    public void Scaling_table_shows_n_scored_of_all_and_a_note_names_the_model()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));

        var rows = page.FindAll("[data-testid=scaling-row]");
        Assert.Equal("4", rows.Single(r => r.GetAttribute("data-model") == "small").QuerySelector("[data-testid=scaling-n]")!.TextContent);
        var large = rows.Single(r => r.GetAttribute("data-model") == "large");
        Assert.Equal("3/4", large.QuerySelector("[data-testid=scaling-n]")!.TextContent);
        // The point is the mean over the three scored examples only (each 0.9), not dragged by a NaN or a zero.
        Assert.Equal(0.9, double.Parse(large.GetAttribute("data-value")!, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Contains(page.FindAll("[data-testid=scaling-note]"), n => n.TextContent.Contains("large (3 of 4)", StringComparison.Ordinal));
    }

    [Fact]
    public void Examples_grid_marks_the_example_not_scored_with_its_reason_and_counts_in_the_header()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState { Task = Samples.Task }));

        var row = page.FindAll("[data-testid=example-row]").Single(r => r.GetAttribute("data-index") == "2");
        var mark = row.QuerySelector("[data-testid=not-scored]")!;
        Assert.Equal("not scored", mark.TextContent.Trim());
        Assert.Equal(Reason, mark.GetAttribute("title"));
        Assert.DoesNotContain("✗", row.TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=not-scored]"));
        Assert.Equal("3/4 scored", page.Find("[data-testid=scored-count]").TextContent.Trim());
    }

    [Fact]
    public void Example_page_gives_the_reason_in_place_of_the_numbers()
    {
        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(new ExampleViewState { Task = Samples.Task }, 2));

        var large = page.FindAll("[data-testid=example-model-row]").Single(r => r.GetAttribute("data-model") == "large");
        Assert.Equal("not scored", large.QuerySelector("[data-testid=not-scored]")!.TextContent.Trim());
        Assert.Contains(Reason, large.TextContent, StringComparison.Ordinal);
        Assert.Equal("(3/4 scored)", large.QuerySelector("[data-testid=scored-count]")!.TextContent.Trim());
        Assert.Null(page.Instance.Detail!.Models.Single(m => m.Model == "large").Probabilities);
        var small = page.FindAll("[data-testid=example-model-row]").Single(r => r.GetAttribute("data-model") == "small");
        Assert.Null(small.QuerySelector("[data-testid=not-scored]"));
    }
}
