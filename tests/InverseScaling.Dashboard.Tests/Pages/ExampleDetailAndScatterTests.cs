using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Tests.TestSupport;

namespace InverseScaling.Dashboard.Tests.Pages;

public class ExampleDetailAndScatterTests : DashboardTestContext
{
    public ExampleDetailAndScatterTests()
    {
        var seeded = Samples.StoreWithFamily(9, ("small", 1_000_000), ("large", 100_000_000));
        foreach (var dataset in seeded.GetDatasets())
        {
            Store.SaveDataset(dataset);
        }

        foreach (var run in seeded.GetRuns())
        {
            Store.ImportRun(run, seeded.GetResults(run.Id));
        }
    }

    [Fact]
    public void Previous_and_next_stay_within_the_current_filter()
    {
        var state = new ExampleViewState { Task = Samples.Task, Query = new ExampleQuery { Metadata = [new MetadataFilter("reps", "1")] } };

        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(state, 4));

        var detail = page.Instance.Detail!;
        Assert.Equal((1, 7), (detail.Previous, detail.Next));
        Assert.Equal(1, detail.Position);
        Assert.Equal(DashboardUrls.ExampleUrl(state, 7), page.Find("[data-testid=example-next]").GetAttribute("href"));
    }

    [Fact]
    public void Moving_to_the_next_example_in_place_shows_its_prompt()
    {
        var state = new ExampleViewState { Task = Samples.Task };
        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(state, 5));
        Assert.Contains("item 5:", page.Find("[data-testid=example-prompt]").TextContent, StringComparison.Ordinal);

        Navigation.NavigateTo(DashboardUrls.ExampleUrl(state, 6));

        page.WaitForAssertion(() => Assert.Contains("item 6:", page.Find("[data-testid=example-prompt]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_model_shows_renormalised_probabilities_and_class_tokens()
    {
        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(new ExampleViewState { Task = Samples.Task }, 2));

        var small = page.Instance.Detail!.Models.Single(m => m.Model == "small");
        // Example 2's answer is class 0 and small's loss is 0.22: p(answer) = e^−0.22.
        Assert.Equal(Math.Exp(-0.22), small.Probabilities![0], 12);
        Assert.Equal(1, small.Probabilities.Sum(), 12);
        Assert.Equal("true", page.FindAll("[data-testid=example-class]")[0].GetAttribute("data-answer"));
        Assert.Equal(2, page.FindAll("[data-testid=example-model-row]").Count);
        Assert.NotEmpty(page.FindAll("[data-testid=class-tokens]"));
    }

    [Fact]
    public void Scatter_groups_the_loss_delta_by_the_colour_column_with_sem()
    {
        var page = RenderAt<Scatter>(DashboardUrls.ScatterUrl(new ExampleViewState { Task = Samples.Task }, color: "reps"));

        var scatter = page.Instance.ViewModel!;
        Assert.Equal(9, scatter.Points.Count);
        // Δ = loss(large) − loss(small) = 0.3 for every example: each group's mean is 0.3 with no spread.
        var groups = scatter.GroupDeltas();
        Assert.Equal(["0", "1", "2"], groups.Select(g => g.Group));
        Assert.All(groups, g => Assert.Equal(0.3, g.Mean, 12));
        Assert.All(groups, g => Assert.Equal(0, g.Sem, 9));
        Assert.All(groups, g => Assert.Equal(3, g.Count));
    }

    [Fact]
    public void Scatter_uses_webgl_traces_carrying_example_indices_and_a_diagonal()
    {
        var page = RenderAt<Scatter>(DashboardUrls.ScatterUrl(new ExampleViewState { Task = Samples.Task }, facet: "reps"));

        var figure = ScatterFigure.Build(page.Instance.ViewModel!, new ChartPalette(), ChartStyle.Default);
        Assert.All(figure.Data, t => Assert.Equal("scattergl", t.Type));
        Assert.Equal(9, figure.Data.Sum(t => t.Customdata!.Count));
        Assert.Equal(3, figure.Layout.Shapes!.Count); // one diagonal per facet
        Assert.Equal(new PlotlyGrid(2, 2), figure.Layout.Grid);
        // The axis titles belong to the whole grid, below and left of it, not to the first facet (whose x title sat on
        // the second row).
        Assert.Null(figure.Layout.Xaxis!.Title);
        Assert.Null(figure.Layout.Yaxis!.Title);
        var xTitle = Assert.Single(figure.Layout.Annotations!, a => a.Text == "loss of small");
        Assert.Equal(("paper", 0d, "top"), (xTitle.Yref, xTitle.Y, xTitle.Yanchor));
        var yTitle = Assert.Single(figure.Layout.Annotations!, a => a.Text == "loss of large");
        Assert.Equal(("paper", -90d), (yTitle.Xref, yTitle.Textangle));
    }

    [Fact]
    public void Clicking_a_point_opens_that_example_with_the_same_state()
    {
        var state = new ExampleViewState { Task = Samples.Task };
        var page = RenderAt<Scatter>(DashboardUrls.ScatterUrl(state));

        var chart = page.FindComponent<Components.Charts.PlotlyChart>();
        page.InvokeAsync(() => chart.Instance.OnPointClickFromJs("5"));

        Assert.EndsWith(DashboardUrls.ExampleUrl(state, 5), Navigation.Uri, StringComparison.Ordinal);
    }
}
