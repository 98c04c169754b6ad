using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>Live scoring from the browser: a real run of a bundled model on a bundled task, watched until it lands.</summary>
[Collection(DashboardCollection.Name)]
public sealed class RunsTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_run_started_on_the_embedded_default_finishes_and_appears_on_the_scaling_page()
    {
        await using var page = await fixture.OpenAsync("/runs");
        await page.WaitForCircuitAsync();

        await page.SelectOptionAsync("runs-models", "stories260K (");
        await page.SelectOptionAsync("runs-tasks", "NeQA (");
        await Assertions.Expect(page.ByTestId("runs-start")).ToContainTextAsync("Start 1 run");
        await page.ByTestId("runs-start").ClickAsync();

        var job = page.ByTestId("run-job").And(page.Page.Locator("[data-task='NeQA'][data-model='stories260K']"));
        await Assertions.Expect(job).ToHaveAttributeAsync("data-state", "done", new() { Timeout = 120_000 });
        await Assertions.Expect(page.ByTestId("stored-run").And(page.Page.Locator("[data-task='NeQA'][data-model='stories260K']")))
            .ToHaveAttributeAsync("data-status", "complete");

        await using var scaling = await fixture.OpenAsync("/scaling?task=NeQA");
        await Assertions.Expect(scaling.ByTestId("scaling-row").And(scaling.Page.Locator("[data-model='stories260K']"))).ToHaveCountAsync(1);
        var traces = await scaling.ReadChartAsync("scaling-chart");
        Assert.Contains(traces, t => t.Name.Contains("TinyStories", StringComparison.Ordinal) && t.Y.Length == 1 && t.Y[0] > 0);
        Assert.Empty(page.Errors);
        Assert.Empty(scaling.Errors);
    }
}
