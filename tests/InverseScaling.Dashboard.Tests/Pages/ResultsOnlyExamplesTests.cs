using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>Results imported as results only (another version of the task) are on the curves but not beside the task's text.</summary>
public class ResultsOnlyExamplesTests : DashboardTestContext
{
    public ResultsOnlyExamplesTests()
    {
        var seeded = Samples.StoreWithFamily(4, ("small", 1_000_000), ("large", 100_000_000));
        Store.SaveDataset(seeded.GetDatasets().Single());
        foreach (var run in seeded.GetRuns())
        {
            Store.ImportRun(run, seeded.GetResults(run.Id));
        }

        // Rows of another version of the task: per-example results without the dataset's hash.
        var otherVersion = Enumerable.Range(0, 4).Select(i => Samples.Result(i, 2.0)).ToList();
        Store.ImportRun(
            Samples.Run("other-version", "Toy", 10_000_000, Aggregator.Compute(otherVersion, null), imported: true) with { Id = "results-only", TaskSha256 = null },
            otherVersion);
    }

    [Fact]
    public void The_examples_page_leaves_them_out_and_says_why()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState { Task = Samples.Task }));

        Assert.Equal(["small", "large"], page.Instance.ViewModel!.Models.Select(m => m.Name));
        Assert.Contains("not linked to this task's text", page.Find("[data-testid=examples-results-only]").TextContent);
    }
}
