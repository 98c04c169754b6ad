using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>Run management on the Runs page (issue 11): search, select, hide/show, delete with undo, edit; other pages follow.</summary>
public class RunManagementTests : DashboardTestContext
{
    public RunManagementTests()
    {
        var dataset = Samples.Dataset(4);
        Store.SaveDataset(dataset);
        foreach (var (model, family, size, loss) in new[] { ("ada", "GPT-3", 350_000_000L, 0.7), ("davinci", "GPT-3", 175_000_000_000L, 0.9), ("opt-125m", "OPT", 125_000_000L, 0.8) })
        {
            var results = dataset.Examples.Select(e => Samples.Result(e.Index, loss, e.AnswerIndex)).ToList();
            Store.ImportRun(Samples.Run(model, family, size, Aggregator.Compute(results, dataset)), results);
        }
    }

    private IRenderedComponent<Runs> Page() => RenderAt<Runs>(DashboardUrls.RunsUrl());

    private static string[] Models(IRenderedComponent<Runs> page) =>
        page.FindAll("[data-testid=stored-run]").Select(r => r.GetAttribute("data-model")!).Order(StringComparer.Ordinal).ToArray();

    // MudTextField puts the test id on its input element.
    private static AngleSharp.Dom.IElement Input(IRenderedComponent<Runs> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static void SelectModel(IRenderedComponent<Runs> page, string model) =>
        Act(page, () => page.FindAll("[data-testid=stored-run]").Single(r => r.GetAttribute("data-model") == model)
            .QuerySelector("[data-testid=run-select]")!.Change(true));

    /// <summary>
    /// Finds and acts inside the renderer's context: the page follows the store through a throttled change feed, whose
    /// re-render could otherwise land between finding an element and firing its handler (whose id would then be gone).
    /// </summary>
    private static void Act(IRenderedComponent<Runs> page, Action action) => page.InvokeAsync(action).GetAwaiter().GetResult();

    private static void Click(IRenderedComponent<Runs> page, string testId) => Act(page, () => page.Find($"[data-testid={testId}]").Click());

    [Fact]
    public void Search_filters_the_stored_runs_by_every_word()
    {
        var page = Page();

        Act(page, () => Input(page, "runs-search").Input("gpt-3 davinci"));

        page.WaitForAssertion(() => Assert.Equal(["davinci"], Models(page)));
        Assert.Equal("1", page.Find("[data-testid=runs-shown]").GetAttribute("data-count"));
    }

    [Fact]
    public void Deleting_removes_the_run_everywhere_and_undo_brings_it_back_with_its_results()
    {
        var page = Page();
        SelectModel(page, "davinci");

        Click(page, "runs-delete");

        // The list follows the store through the change feed (throttled): wait for it rather than assume it.
        page.WaitForAssertion(() => Assert.Equal(["ada", "opt-125m"], Models(page)));
        Assert.DoesNotContain(Store.GetRuns(), r => r.ModelName == "davinci");
        var scaling = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));
        Assert.DoesNotContain("davinci", scaling.FindAll("[data-testid=scaling-row]").Select(r => r.GetAttribute("data-model")));

        Click(page, "runs-undo");

        page.WaitForAssertion(() => Assert.Equal(["ada", "davinci", "opt-125m"], Models(page)));
        var restored = Store.GetRuns().Single(r => r.ModelName == "davinci");
        Assert.Equal(4, Store.GetResults(restored.Id).Count);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=runs-undo]")));
    }

    [Fact]
    public void Hidden_runs_stay_listed_but_leave_the_charts_until_shown_again()
    {
        var page = Page();
        SelectModel(page, "opt-125m");

        Click(page, "runs-hide");

        page.WaitForAssertion(() => Assert.Equal("true", page.FindAll("[data-testid=stored-run]").Single(r => r.GetAttribute("data-model") == "opt-125m").GetAttribute("data-hidden")));
        var scaling = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));
        Assert.Equal(["GPT-3"], scaling.Instance.View!.Families);

        Click(page, "runs-show");
        Assert.Contains("OPT", RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task)).Instance.View!.Families);
    }

    [Fact]
    public void Renaming_and_moving_runs_in_bulk_updates_the_store_and_the_scaling_page()
    {
        var page = Page();
        SelectModel(page, "ada");
        SelectModel(page, "opt-125m");

        Act(page, () => Input(page, "runs-edit-family").Change("Mine"));
        Act(page, () => Input(page, "runs-edit-params").Change("1.3B"));
        Click(page, "runs-edit-apply");

        var edited = Store.GetRuns().Where(r => r.Family == "Mine").Select(r => (r.ModelName, r.Parameters)).Order().ToList();
        Assert.Equal([("ada", 1_300_000_000L), ("opt-125m", 1_300_000_000L)], edited);
        Assert.Contains("Mine", RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task)).Instance.View!.Families);
    }

    [Fact]
    public void Renaming_a_model_shows_the_new_name_on_the_examples_page()
    {
        var page = Page();
        SelectModel(page, "ada");

        Act(page, () => Input(page, "runs-edit-model").Change("ada-350m"));
        Click(page, "runs-edit-apply");

        Assert.Equal(["ada-350m", "davinci", "opt-125m"], Store.GetRuns().Select(r => r.ModelName).Order(StringComparer.Ordinal));
        var examples = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState { Task = Samples.Task }));
        Assert.Contains("ada-350m", examples.Instance.ViewModel!.Models.Select(m => m.Name));
    }

    [Fact]
    public void A_bad_parameter_count_is_named_and_nothing_changes()
    {
        var page = Page();
        SelectModel(page, "ada");

        Act(page, () => Input(page, "runs-edit-params").Change("lots"));
        Click(page, "runs-edit-apply");

        Assert.Equal(
            "Parameters: \"lots\" is not a positive count (write 125000000, 125M or 1.3B).",
            page.Find("[data-testid=runs-edit-error]").TextContent);
        Assert.Equal(350_000_000L, Store.GetRuns().Single(r => r.ModelName == "ada").Parameters);
    }
}
