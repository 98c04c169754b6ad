using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>
/// Hand-edited and stale URLs: every page answers with a working view and a note naming what it could not use, and the
/// per-example pages always offer the task × k-shot picker (issue 11, "no dead ends").
/// </summary>
public class UrlFallbackTests : DashboardTestContext
{
    private const string KShotOnly = "k-shot-only";

    public UrlFallbackTests()
    {
        // toy-task: zero-shot runs of "small" and "large"; k-shot-only: a single 3-shot run, and it sorts first.
        foreach (var (task, shots) in new[] { (Samples.Task, 0), (KShotOnly, 3) })
        {
            var dataset = Samples.Dataset(6, task);
            Store.SaveDataset(dataset);
            foreach (var (model, size, loss) in new[] { ("small", 1_000_000L, 0.3), ("large", 100_000_000L, 0.9) })
            {
                if (shots > 0 && model == "large")
                {
                    continue;
                }

                var results = dataset.Examples.Select(e => Samples.Result(e.Index, loss, e.AnswerIndex)).ToList();
                Store.ImportRun(Samples.Run(model, "Toy", size, Aggregator.Compute(results, dataset), task: task, shots: shots), results);
            }
        }
    }

    [Fact]
    public void Task_choices_carry_the_k_shot_setting()
    {
        var choices = TaskChoice.WithExamples(Store.GetRuns());

        Assert.Equal([new TaskChoice(KShotOnly, 3), new TaskChoice(Samples.Task, 0)], choices);
        Assert.Equal("k-shot-only · 3-shot", choices[0].Label);
    }

    [Fact]
    public void A_task_with_only_k_shot_runs_opens_at_its_k_shot_setting_with_a_note()
    {
        var page = RenderAt<Examples>("/examples");

        // No task in the URL: the first choice, which is the k-shot one, without a note (nothing was asked for).
        Assert.Equal(6, page.FindAll("[data-testid=example-row]").Count);
        Assert.Contains("3-shot", page.Find("[data-testid=examples-kshot]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=url-note]"));

        var zeroShot = RenderAt<Scatter>(DashboardUrls.ScatterUrl(new ExampleViewState { Task = KShotOnly }));
        var note = Assert.Single(zeroShot.FindAll("[data-testid=url-note]")).TextContent;
        Assert.Equal("k-shot-only has no 0-shot per-example results; showing its 3-shot runs.", note);
        Assert.NotNull(zeroShot.Instance.ViewModel);
        Assert.NotEmpty(zeroShot.FindAll("[data-testid=scatter-task]"));
    }

    [Fact]
    public void An_unknown_task_falls_back_to_one_with_results_and_says_so()
    {
        var page = RenderAt<Examples>("/examples?task=Memo%20Trap");

        Assert.Equal(
            "No per-example results for a task named \"Memo Trap\"; showing k-shot-only · 3-shot.",
            Assert.Single(page.FindAll("[data-testid=url-note]")).TextContent);
        Assert.Equal(KShotOnly, page.Instance.ViewModel!.State.Task);
    }

    [Fact]
    public void Malformed_numbers_and_flags_are_ignored_with_a_note()
    {
        var page = RenderAt<Examples>($"/examples?task={Samples.Task}&page=abc&size=7&desc=banana&shots=x&model=nobody&rx=broken");

        var notes = page.FindAll("[data-testid=url-note]").Select(n => n.TextContent).ToList();
        Assert.Contains("Ignored page=abc: not a whole number.", notes);
        Assert.Contains("Ignored size=7: the page sizes are 10, 25, 50, 100.", notes);
        Assert.Contains("Ignored desc=banana: not true or false.", notes);
        Assert.Contains("Ignored shots=x: not a whole number.", notes);
        Assert.Contains("Ignored model=nobody: toy-task has no per-example results of a model by that name.", notes);
        Assert.Contains("Ignored rx=broken: write it as name=pattern.", notes);
        Assert.Equal(6, page.FindAll("[data-testid=example-row]").Count);
    }

    [Fact]
    public void Example_page_with_a_bad_index_opens_the_first_example_and_keeps_the_picker()
    {
        var page = RenderAt<ExampleDetail>($"/example?task={Samples.Task}&index=abc");

        Assert.Equal(["Ignored index=abc: not a whole number."], page.FindAll("[data-testid=url-note]").Select(n => n.TextContent));
        Assert.Equal(0, page.Instance.Detail!.Example.Index);
        Assert.NotEmpty(page.FindAll("[data-testid=example-task]"));

        var missing = RenderAt<ExampleDetail>($"/example?task={Samples.Task}&index=99");
        Assert.Contains("has no example with index 99", missing.Find("[data-testid=example-missing]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(missing.FindAll("[data-testid=example-task]"));
    }

    [Fact]
    public void Scaling_page_names_an_unknown_metric_axis_flag_and_task()
    {
        var page = RenderAt<Scaling>("/scaling?task=nope&metric=bleu&x=flops2&invert=banana&shots=abc");

        var notes = page.FindAll("[data-testid=url-note]").Select(n => n.TextContent).ToList();
        Assert.Equal(
            [
                "Ignored metric=bleu: the metrics are loss, acc, acc_norm, mass.",
                "Ignored x=flops2: the x-axes are params, tokens, step, flops.",
                "Ignored invert=banana: not true or false.",
                "Ignored shots=abc: not a whole number.",
                "No results for a task named \"nope\"; showing k-shot-only.",
                "k-shot-only has no 0-shot results; showing 3-shot.",
            ],
            notes);
        Assert.Equal(ScalingMetric.Loss, page.Instance.View!.Request.Metric);
        Assert.Equal(3, page.Instance.View.Request.Shots);
    }

    [Fact]
    public void Overview_names_a_metric_it_does_not_show()
    {
        var page = RenderAt<Overview>("/?metric=acc_norm&shots=zero");

        Assert.Equal(
            ["Ignored shots=zero: not a whole number.", "The overview shows loss or accuracy; acc_norm is on the scaling page. Showing loss."],
            page.FindAll("[data-testid=url-note]").Select(n => n.TextContent).Order(StringComparer.Ordinal));
    }
}
