using System.Globalization;
using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;

namespace InverseScaling.Dashboard.Tests.Pages;

public class ExamplesPageTests : DashboardTestContext
{
    // Samples.StoreWithFamily: loss(model m, example i) = 0.2 + 0.3 m + 0.01 i, so "small" (m = 0) and "mid" (m = 1)
    // are right on every example (loss < ln 2) and "large" (m = 2, loss ≥ 0.8) wrong on every example.
    private static readonly (string, long)[] Family = [("small", 1_000_000), ("mid", 10_000_000), ("large", 100_000_000)];

    public ExamplesPageTests()
    {
        var seeded = Samples.StoreWithFamily(12, Family);
        foreach (var dataset in seeded.GetDatasets())
        {
            Store.SaveDataset(dataset);
        }

        foreach (var run in seeded.GetRuns())
        {
            Store.ImportRun(run, seeded.GetResults(run.Id));
        }
    }

    private static ExampleViewState State(ExampleQuery? query = null) => new() { Task = Samples.Task, Query = query ?? new ExampleQuery() };

    [Fact]
    public void Default_view_pages_every_row_with_delta_between_smallest_and_largest()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(), pageSize: 10));

        var view = page.Instance.ViewModel!;
        Assert.Equal(("small", "large"), (view.A!.Name, view.B!.Name));
        Assert.Equal(12, view.FilteredRows.Length);
        Assert.Equal(10, page.FindAll("[data-testid=example-row]").Count);
        // Δ = loss(large) − loss(small): positive, the larger model is worse.
        Assert.Equal(0.6, view.RowAt(0).Delta, 12);
    }

    [Fact]
    public void Mean_delta_with_its_paired_bootstrap_interval_is_shown_overall_and_per_group_from_the_url()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(), group: "reps"));

        // Every example's Δ is loss(large) − loss(small) = 0.6: the mean and both ends of the interval are 0.6.
        var overall = page.Find("[data-testid=examples-mean-delta]");
        Assert.Equal(0.6, double.Parse(overall.GetAttribute("data-mean")!, CultureInfo.InvariantCulture), 12);
        Assert.Equal(0.6, double.Parse(overall.GetAttribute("data-low")!, CultureInfo.InvariantCulture), 12);
        Assert.Equal(0.6, double.Parse(overall.GetAttribute("data-high")!, CultureInfo.InvariantCulture), 12);
        Assert.Contains("over 12 examples", overall.TextContent, StringComparison.Ordinal);
        Assert.Contains("paired bootstrap 95 % CI", overall.TextContent, StringComparison.Ordinal);

        // reps = i % 3 splits the 12 examples into three groups of four, in numeric order.
        var groups = page.FindAll("[data-testid=examples-group-delta]");
        Assert.Equal(["0", "1", "2"], groups.Select(g => g.GetAttribute("data-group")));
        Assert.All(groups, g => Assert.Contains(">4<", g.InnerHtml, StringComparison.Ordinal));

        // Sorting keeps the breakdown in the URL.
        page.Find("[data-testid=sort-index]").Click();
        Assert.Equal(["reps"], QueryValues(DashboardUrls.Query.Group));
    }

    [Fact]
    public void An_unknown_delta_group_column_is_named_in_a_note_and_the_overall_delta_stays()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(), group: "colour"));

        Assert.Contains(page.FindAll("[data-testid=url-note]"), n => n.TextContent.Contains("group=colour", StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid=examples-mean-delta]"));
        Assert.Empty(page.FindAll("[data-testid=examples-group-delta]"));
    }

    [Fact]
    public void Correctness_pattern_text_and_metadata_filters_come_from_the_url()
    {
        var query = new ExampleQuery
        {
            RightFor = ["small"],
            WrongFor = ["large"],
            Text = "ITEM 1",
            Metadata = [new MetadataFilter("reps", "1")],
        };

        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(query)));

        // "item 1" matches examples 1, 10 and 11; reps = i % 3 = 1 keeps 1 and 10.
        Assert.Equal(["1", "10"], page.FindAll("[data-testid=example-row]").Select(r => r.GetAttribute("data-index")));
        Assert.Equal("2", page.Find("[data-testid=examples-count]").GetAttribute("data-count"));
    }

    [Fact]
    public void A_pattern_no_example_satisfies_gives_an_empty_grid()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(new ExampleQuery { WrongFor = ["small"] })));
        Assert.Empty(page.FindAll("[data-testid=example-row]"));
    }

    [Fact]
    public void Clicking_a_pattern_chip_cycles_it_in_the_url()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State()));

        page.FindAll("[data-testid=pattern-chip]").Single(c => c.GetAttribute("data-model") == "large").Click();
        Assert.Equal(["large"], QueryValues(DashboardUrls.Query.Right));

        page.FindAll("[data-testid=pattern-chip]").Single(c => c.GetAttribute("data-model") == "large").Click();
        Assert.Empty(QueryValues(DashboardUrls.Query.Right));
        Assert.Equal(["large"], QueryValues(DashboardUrls.Query.Wrong));
    }

    [Fact]
    public void Sorting_by_a_models_loss_descending_puts_the_highest_first()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(new ExampleQuery { Sort = "loss:mid", Descending = true })));
        Assert.Equal("11", page.FindAll("[data-testid=example-row]")[0].GetAttribute("data-index"));
    }

    [Fact]
    public void A_regex_column_added_in_the_ui_appears_in_the_grid_and_the_url()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State()));

        page.Find("input[data-testid=regex-name]").Change("item");
        page.Find("input[data-testid=regex-pattern]").Change(@"item (\d+)");
        page.Find("[data-testid=regex-add]").Click();

        page.WaitForAssertion(() => Assert.Equal([@"item=item (\d+)"], QueryValues(DashboardUrls.Query.Regex)), TimeSpan.FromSeconds(10));
        Assert.Contains(page.FindAll("[data-testid=sort-meta]"), h => h.GetAttribute("data-column") == "item");
        var view = page.Instance.ViewModel!;
        Assert.Equal("7", view.Metadata.Value("item", 7));
    }

    [Fact]
    public void An_invalid_regex_column_is_refused_with_the_reason()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State()));

        page.Find("input[data-testid=regex-name]").Change("broken");
        page.Find("input[data-testid=regex-pattern]").Change("item (");
        page.Find("[data-testid=regex-add]").Click();

        // MudBlazor applies input changes asynchronously; wait for the render rather than racing it.
        page.WaitForAssertion(() => Assert.Contains("broken", page.Find("[data-testid=regex-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(QueryValues(DashboardUrls.Query.Regex));
    }

    [Fact]
    public void Csv_export_holds_every_filtered_row_with_losses_delta_and_metadata()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(State(new ExampleQuery { Metadata = [new MetadataFilter("reps", "0")] }), pageSize: 10));

        var lines = page.Instance.ViewModel!.ToCsv().TrimEnd().Split("\r\n");

        Assert.Equal(5, lines.Length); // header + examples 0, 3, 6, 9
        Assert.StartsWith("index,prompt,classes,answer_index,loss:small,correct:small,loss:mid,correct:mid,loss:large,correct:large,delta:large-small,", lines[0], StringComparison.Ordinal);
        // The prompt holds commas, so it is quoted; the cells after it are plain.
        Assert.StartsWith("3,\"Repeat after me, item 3: A, B, A,\",", lines[2], StringComparison.Ordinal);
        var cells = lines[2][(lines[2].LastIndexOf('"') + 2)..].Split(',');
        Assert.Equal([" A| B", "1"], cells[..2]);
        Assert.Equal(0.23, double.Parse(cells[2], CultureInfo.InvariantCulture), 12);
        Assert.Equal("1", cells[3]);
        Assert.Equal(0.6, double.Parse(cells[8], CultureInfo.InvariantCulture), 12);
    }
}
