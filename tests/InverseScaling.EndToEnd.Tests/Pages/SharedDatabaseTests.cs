using InverseScaling.EndToEnd.Tests.Cli;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using InverseScaling.Engine;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// The everyday workflow on one database: the dashboard open while command lines score and import into it. Each
/// command line runs in-process with a store of its own, which takes the database's OS lock per operation exactly as
/// a separate process does. Each test has a dashboard of its own, so the runs it adds disturb no other test.
/// </summary>
public sealed class SharedDatabaseTests
{
    [Fact]
    public async Task Runs_scored_and_imported_from_two_command_lines_appear_on_the_open_dashboard_without_a_reload()
    {
        var dashboard = new DashboardFixture();
        await dashboard.InitializeAsync();
        try
        {
            var database = Path.Combine(dashboard.Server.DataFolder, "results.litedb");
            await using var page = await dashboard.OpenAsync("/runs");
            await page.WaitForCircuitAsync();
            await using var scaling = await dashboard.OpenAsync("/scaling?task=NeQA");
            await scaling.WaitForCircuitAsync();
            using var first = new CommandLineHarness(databasePath: database);
            using var second = new CommandLineHarness(databasePath: database);
            var task = TestData.Slice(first.Folder, "neqa_classification.jsonl", rows: 24, name: "neqa-24.jsonl");
            var ada = Path.Combine(second.Folder, "my-ada.csv");
            File.Copy(Path.Combine(BundledContent.Results, "neqa-gpt3", "ada.csv"), ada);

            // Two scorers at once, and an import while they score.
            var scoring = new[]
            {
                Task.Run(() => first.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task)),
                Task.Run(() => second.RunAsync("score", "-m", TestData.BundledModel("llama2xs-279K"), "-t", task)),
            };
            var imported = await second.RunAsync("import", ada, "--task", "NeQA", "--params", "350000000");
            var scored = await Task.WhenAll(scoring);

            Assert.True(imported.ExitCode == 0, imported.ToString());
            Assert.All(scored, s => Assert.True(s.ExitCode == 0, s.ToString()));
            foreach (var model in new[] { "stories260K", "llama2xs-279K" })
            {
                var row = page.ByTestId("stored-run").And(page.Page.Locator($"[data-task='neqa-24'][data-model='{model}']"));
                await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
            }

            // The imported run joins the NeQA curves already open (the runs table lists local runs first, and pages).
            await Assertions.Expect(scaling.ByTestId("scaling-row").And(scaling.Page.Locator("[data-model='my-ada']"))).ToHaveCountAsync(1, new() { Timeout = 30_000 });

            AssertEveryRunHoldsItsRowsOnce(dashboard.Server.Services.GetRequiredService<IResultsStore>());
            Assert.Empty(page.Errors);
            Assert.Empty(scaling.Errors);
        }
        finally
        {
            await dashboard.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_dashboard_starts_while_a_command_line_is_scoring_into_its_database()
    {
        using var cli = new CommandLineHarness();
        var database = cli.PathOf("results.litedb");
        var task = TestData.Slice(cli.Folder, "neqa_classification.jsonl", rows: 48, name: "neqa-48.jsonl");
        var scoring = Task.Run(() => cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), TestData.BundledModel("TinyStories-656K"), "-t", task));

        await using var server = await DashboardServer.StartAsync(new Dictionary<string, string> { ["InverseScaling:DatabasePath"] = database });
        var scored = await scoring;

        Assert.True(scored.ExitCode == 0, scored.ToString());
        var store = server.Services.GetRequiredService<IResultsStore>();
        Assert.Equal(2, store.GetRuns("neqa-48").Count(r => r.Status == RunStatus.Complete));
        // The dashboard seeded the bundled content beside the command line's runs.
        Assert.Contains(store.GetRuns("NeQA"), r => r.ModelName == "davinci");
        AssertEveryRunHoldsItsRowsOnce(store);
    }

    private static void AssertEveryRunHoldsItsRowsOnce(IResultsStore store)
    {
        foreach (var run in store.GetRuns().Where(r => r.Source.HasPerExampleResults))
        {
            var indices = store.GetResults(run.Id).Select(r => r.Index).ToList();
            Assert.Equal(run.Completed, indices.Count);
            Assert.Equal(indices.Count, indices.Distinct().Count());
            Assert.True(run.Status != RunStatus.Complete || indices.Count == run.Total, $"{run.TaskName} × {run.ModelName}: {indices.Count} rows of {run.Total}");
        }
    }
}
