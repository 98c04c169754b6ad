using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Cli;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Issue 10: a folder of lm-eval output for eight sizes of a task that is not one of the Prize's (written for the test,
/// tests/fixtures/import/lm-eval-family: results + samples per model), imported from the Runs page by its folder path,
/// shows its curve on the overview and the scaling page and, since it inverts, tops the discovery view.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class FolderImportDiscoveryTests(DashboardFixture fixture)
{
    private const string Task = "syllogism_traps";
    private const string Family = "inverse-lm";

    [Fact]
    public async Task A_folder_of_lm_eval_results_for_eight_sizes_shows_its_curve_and_tops_the_discovery_view()
    {
        FolderCopy.Copy(Path.Combine(Fixtures.RepositoryRoot, "tests", "fixtures", "import", "lm-eval-family"), Path.Combine(fixture.Server.DataFolder, "lm-eval-family"));

        await using var runs = await fixture.OpenAsync("/runs");
        await runs.WaitForCircuitAsync();
        await runs.TextInput("import-path").FillAsync("lm-eval-family");
        await runs.TextInput("import-path").PressAsync("Tab");
        await runs.ByTestId("import-path-submit").ClickAsync();
        var result = runs.ByTestId("import-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-ok", "true");
        await Assertions.Expect(result).ToContainTextAsync("Imported 8 runs");
        await Assertions.Expect(result).ToContainTextAsync("8 × lm-eval samples");
        // The results files hold the same runs' aggregates: they give way to the per-example samples, and say so.
        await Assertions.Expect(result).ToContainTextAsync("imported per example from its samples");

        await using var overview = await fixture.OpenAsync("/");
        await overview.WaitForCircuitAsync();
        var card = overview.Page.Locator($"[data-testid='overview-card'][data-task='{Task}'][data-family='{Family}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("task-origin")).ToHaveAttributeAsync("data-origin", "samples");

        await using var scaling = await fixture.OpenAsync($"/scaling?task={Task}");
        await scaling.WaitForCircuitAsync();
        await scaling.WaitForChartAsync("scaling-chart");
        await Assertions.Expect(scaling.Page.Locator("[data-testid='scaling-row'][data-model^='inverse-lm-']")).ToHaveCountAsync(8);

        await using var discovery = await fixture.OpenAsync("/discovery");
        await discovery.WaitForCircuitAsync();
        var top = discovery.ByTestId("discovery-row").First;
        await Assertions.Expect(top).ToHaveAttributeAsync("data-task", Task);
        await Assertions.Expect(top).ToHaveAttributeAsync("data-family", Family);
        await Assertions.Expect(top.GetByTestId("verdict")).ToHaveAttributeAsync("data-verdict", "inverse");
        await discovery.ClickUntilUrlAsync(top.GetByTestId("discovery-link"), new Regex($@"/scaling\?task={Task}"));

        Assert.Empty(runs.Errors);
        Assert.Empty(overview.Errors);
        Assert.Empty(scaling.Errors);
        Assert.Empty(discovery.Errors);
    }
}
