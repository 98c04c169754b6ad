using System.Diagnostics;
using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Korbak's pattern-matching-suppression analysis end to end (issue 6): generate the task from the shipped spec on the
/// Runs page, score it with the shipped TinyStories family, and read the scatter and the group-Δ chart coloured by
/// repetition count and by template. While the run scores, other pages must keep answering (issue 4).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class KorbakAnalysisTests(DashboardFixture fixture, ITestOutputHelper output)
{
    private const int Seed = 5;
    private const string TaskName = "pattern-matching-suppression (generated, seed 5)";
    private const int Rows = 1428;
    private static readonly string[] Family = ["stories260K", "llama2xs-279K", "TinyStories-656K"];

    /// <summary>
    /// How long a fresh page (load, circuit, content) may take while the engine scores in the background. Scoring
    /// takes both cores of a small machine, so pages are slower than when idle (7–9 s measured on 2 shared cores);
    /// a blocked UI thread would hold them until the run ends (about 45 s). Late in the full suite on a 2-core CI box
    /// a page took 17 s, hence 30 s: what proves the page was not blocked is the check that the job is still running
    /// after it rendered; this bound only keeps a very slow page from passing.
    /// </summary>
    private static readonly TimeSpan Responsive = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Generated_pattern_matching_task_scores_and_its_scatter_groups_by_repetitions_and_template()
    {
        await using var runs = await fixture.OpenAsync("/runs");
        await runs.WaitForCircuitAsync();

        await runs.SelectOptionAsync("generate-spec", "pattern-matching-suppression");
        var seed = runs.TextInput("generate-seed");
        await seed.FillAsync(Seed.ToString());
        await seed.PressAsync("Tab");
        await runs.ByTestId("generate-submit").ClickAsync();
        var generated = runs.ByTestId("generate-result");
        await Assertions.Expect(generated).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(generated).ToContainTextAsync($"\"{TaskName}\" (1,428 examples, seed {Seed})");

        // The new task is selected for scoring; the three shipped models are added to it.
        foreach (var model in Family)
        {
            await runs.SelectOptionAsync("runs-models", model + " (");
        }

        await Assertions.Expect(runs.ByTestId("runs-start")).ToContainTextAsync("Start 3 runs");
        var clock = Stopwatch.StartNew();
        await runs.ByTestId("runs-start").ClickAsync();
        var jobs = runs.ByTestId("run-job").And(runs.Page.Locator($"[data-task='{TaskName}']"));
        await Assertions.Expect(jobs).ToHaveCountAsync(3);
        await Assertions.Expect(jobs.And(runs.Page.Locator("[data-state='running']"))).ToHaveCountAsync(1);

        await OtherPagesRespondWhileScoringAsync(jobs);

        foreach (var model in Family)
        {
            await Assertions.Expect(jobs.And(runs.Page.Locator($"[data-model='{model}']")))
                .ToHaveAttributeAsync("data-state", "done", new() { Timeout = 240_000 });
        }

        output.WriteLine($"Scoring {Rows} rows × {Family.Length} models took {clock.Elapsed.TotalSeconds:F1} s");

        var dataset = fixture.Server.Services.GetRequiredService<IResultsStore>().GetDataset(TaskName);
        Assert.NotNull(dataset);
        Assert.Equal(Rows, dataset.Examples.Count);

        var url = $"/scatter?task={Uri.EscapeDataString(TaskName)}&a={Family[0]}&b={Family[^1]}";
        await using var scatter = await fixture.OpenAsync(url + "&color=repetitions");
        await AssertGroupedByAsync(scatter, dataset, "repetitions");
        Assert.Equal(
            Enumerable.Range(3, 8).Select(k => $"repetitions = {k}"),
            (await scatter.ReadChartAsync("scatter-chart")).Select(t => t.Name));

        // Generated, and never presented under the official task's name.
        await Assertions.Expect(scatter.ByTestId("task-origin")).ToHaveAttributeAsync("data-origin", "generated");
        var text = await scatter.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotMatch(new Regex(@"pattern[\s-]+matching[\s-]+suppression(?!\s*\(generated)", RegexOptions.IgnoreCase), text);
        await SaveScreenshotsAsync(url + "&color=repetitions");

        await scatter.SelectOptionAsync("scatter-color", "template");
        await Assertions.Expect(scatter.Page).ToHaveURLAsync(new Regex("color=template"));
        await scatter.Page.WaitForFunctionAsync(
            "() => document.getElementById('scatter-chart').data.some(t => (t.name ?? '').startsWith('template = '))");
        await AssertGroupedByAsync(scatter, dataset, "template");
        Assert.Empty(runs.Errors);
        Assert.Empty(scatter.Errors);
    }

    /// <summary>
    /// Overview and Scaling render within <see cref="Responsive"/> while a job is still scoring: the engine's work
    /// runs off the circuits' threads.
    /// </summary>
    private async Task OtherPagesRespondWhileScoringAsync(ILocator jobs)
    {
        foreach (var (url, ready) in new[] { ("/", "[data-testid='overview-card']"), ("/scaling?task=NeQA", "#scaling-chart[data-rendered='true']") })
        {
            var clock = Stopwatch.StartNew();
            await using var other = await fixture.OpenAsync(url);
            await other.WaitForCircuitAsync();
            await other.Page.Locator(ready).First.WaitForAsync(new() { Timeout = (float)Responsive.TotalMilliseconds });
            output.WriteLine($"{url} rendered in {clock.Elapsed.TotalSeconds:F1} s during scoring");
            Assert.True(clock.Elapsed < Responsive, $"{url} took {clock.Elapsed.TotalSeconds:F1} s to render while the engine scored");
            Assert.Empty(other.Errors);
        }

        // The pages were checked while the engine was busy, not after it had finished.
        Assert.True(await jobs.And(jobs.Page.Locator("[data-state='running'], [data-state='queued']")).CountAsync() > 0,
            "the run finished before the other pages were checked; the check proves nothing");
    }

    /// <summary>
    /// The scatter has one trace per value of <paramref name="column"/> holding exactly the examples with that value
    /// (as stored with the dataset), and the group-Δ chart one bar per value.
    /// </summary>
    private static async Task AssertGroupedByAsync(DashboardPage page, Engine.Data.TaskDataset dataset, string column)
    {
        var expected = dataset.Examples
            .GroupBy(e => e.Metadata[column])
            .ToDictionary(g => $"{column} = {g.Key}", g => g.Select(e => e.Index.ToString()).Order().ToArray());
        Assert.InRange(expected.Count, 2, 12);

        var traces = await page.ReadChartAsync("scatter-chart");
        Assert.Equal(Rows, traces.Sum(t => t.CustomData.Length));
        Assert.Equal(expected.Keys.Order(), traces.Select(t => t.Name).Order());
        foreach (var trace in traces)
        {
            Assert.Equal(expected[trace.Name], trace.CustomData.Order().ToArray());
        }

        var bars = await page.EvaluateAsync<string[][]>(
            "id => document.getElementById(id).data.map(t => Array.from(t.x ?? [], String))", "scatter-groups-chart");
        var bar = Assert.Single(bars);
        Assert.Equal(expected.Keys.Select(k => k[(column.Length + 3)..]).Order(), bar.Order());
    }

    /// <summary>The Korbak scatter in both themes, beside the fixture's screenshots of every page.</summary>
    private async Task SaveScreenshotsAsync(string url)
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        foreach (var dark in new[] { false, true })
        {
            await using var page = await fixture.OpenAsync(url);
            await page.WaitForCircuitAsync();
            if (dark)
            {
                await ScreenshotTests.SwitchToDarkAsync(page);
            }

            await page.WaitForChartAsync("scatter-chart");
            await page.WaitForChartAsync("scatter-groups-chart");
            await page.Page.EvaluateAsync("() => document.fonts.ready");
            await page.Page.Mouse.MoveAsync(0, 0); // no tooltip of the theme toggle in the picture
            await page.Page.WaitForTimeoutAsync(300);
            var file = Path.Combine(ScreenshotTests.Folder, $"scatter-korbak-repetitions-{(dark ? "dark" : "light")}.png");
            await page.Page.ScreenshotAsync(new() { Path = file });
            Assert.True(new FileInfo(file).Length > 10_000, $"{file} looks empty");
        }
    }
}
