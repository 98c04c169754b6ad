using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Runs;
using InverseScaling.Engine.Scoring;
using InverseScaling.EndToEnd.Tests.Cli;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// A task one of whose classes is longer than the model's context, scored by the running app's engine: the run
/// completes, and the scaling page, the examples grid and the example page say how many examples were scored and why
/// the other was not.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class NotScoredExamplesTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_task_partly_beyond_the_context_shows_n_scored_of_all_and_the_reason_on_every_page()
    {
        // A server of its own, so this task does not appear in the shared server's overview and counts.
        await using var server = await DashboardServer.StartAsync(new Dictionary<string, string> { ["InverseScaling:SeedBundledContent"] = "false" });
        var taskFile = Path.Combine(server.DataFolder, "partly-too-long.jsonl");
        var huge = string.Concat(Enumerable.Repeat("and then ", 200));
        File.WriteAllLines(taskFile,
        [
            """{"prompt": "Once upon a time, there was a", "classes": "[' dog', ' cat']", "answer_index": 0}""",
            $$"""{"prompt": "Once", "classes": "[' yes', ' {{huge}}']", "answer_index": 1}""",
            """{"prompt": "Tom had a ball. He liked to", "classes": "[' play', ' sleep']", "answer_index": 1}""",
        ]);
        var run = await server.Services.GetRequiredService<IEvaluationService>().RunAsync(
            TaskFileReader.Read(taskFile), ModelFolder.Load(TestData.BundledModel("llama2xs-279K")), new ScoringSettings());
        Assert.Equal((2, 1), (run.Aggregate!.Count, run.Aggregate.NotScored));

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        await using var page = new DashboardPage(await context.NewPageAsync());

        await page.GotoAsync("/scaling?task=partly-too-long");
        await page.WaitForCircuitAsync();
        var point = page.Page.Locator("[data-testid=scaling-row][data-model='llama2xs-279K']");
        await Assertions.Expect(point.GetByTestId("scaling-n")).ToHaveTextAsync("2/3");
        await Assertions.Expect(page.ByTestId("scaling-note").Filter(new() { HasText = "could not be scored" })).ToContainTextAsync("llama2xs-279K (2 of 3)");

        await page.GotoAsync("/examples?task=partly-too-long");
        await Assertions.Expect(page.ByTestId("scored-count")).ToHaveTextAsync("2/3 scored");
        var row = page.Page.Locator("[data-testid=example-row][data-index='1']");
        var mark = row.GetByTestId("not-scored");
        await Assertions.Expect(mark).ToHaveTextAsync("not scored");
        await Assertions.Expect(mark).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^class 2 alone needs \\d+ tokens after the prompt, more than the model's context of 256$"));
        await Assertions.Expect(page.ByTestId("not-scored")).ToHaveCountAsync(1);

        await page.GotoAsync("/example?task=partly-too-long&index=1");
        var model = page.Page.Locator("[data-testid=example-model-row][data-model='llama2xs-279K']");
        await Assertions.Expect(model.GetByTestId("not-scored")).ToHaveTextAsync("not scored");
        await Assertions.Expect(model).ToContainTextAsync("more than the model's context of 256");
        Assert.Empty(page.Errors);
    }
}
