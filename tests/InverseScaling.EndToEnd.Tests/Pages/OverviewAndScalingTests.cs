using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// The dashboard as a new user meets it: a clean database seeded with the embedded default (official datasets, the
/// tiny model family, the published GPT-3 / OPT / Pythia results), browsed, linked and exported.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class OverviewAndScalingTests(DashboardFixture fixture)
{
    // The Prize's published NeQA numbers for GPT-3 davinci (SOURCES.md), imported from the official per-example CSV.
    private const double DavinciNeqaLoss = 0.757851;
    private const double DavinciNeqaAccuracy = 0.3833;

    [Fact]
    public async Task Overview_of_a_clean_database_shows_the_published_results_and_links_to_the_scaling_page()
    {
        await using var page = await fixture.OpenAsync("/");
        await page.WaitForCircuitAsync();

        var cards = page.ByTestId("overview-card");
        await cards.First.WaitForAsync();
        Assert.True(await cards.CountAsync() >= 3, "expected a card per task with results");
        await Assertions.Expect(page.ByTestId("overview-grid")).ToContainTextAsync("NeQA");
        Assert.True(await page.ByTestId("verdict").CountAsync() >= 3);

        // The published grids are there without any user action: Pythia on the ten classification tasks, and the
        // OPT autoevaluator table (NeQA, Hindsight Neglect, and the round-1 Quote Repetition).
        await Assertions.Expect(page.Page.Locator("[data-testid='overview-card'][data-family='Pythia']")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Page.Locator("[data-testid='overview-card'][data-family='OPT'][data-task='NeQA']")).ToHaveCountAsync(1);

        await page.ByTestId("overview-card").Filter(new() { HasText = "NeQA" }).First.ClickAsync();
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex(@"/scaling\?task=NeQA"));
        await page.WaitForChartAsync("scaling-chart");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Pythia_checkpoints_draw_scaling_over_training_steps()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=Memo%20Trap&metric=acc&x=step");
        await page.WaitForCircuitAsync();
        await page.WaitForChartAsync("scaling-chart");

        // 8 sizes × 8 checkpoints, one curve per size over training steps.
        var pythia = page.Page.Locator("[data-testid='scaling-row'][data-model^='pythia-']");
        await Assertions.Expect(pythia).ToHaveCountAsync(64);
        var opt = page.Page.Locator("[data-testid='scaling-row'][data-model^='opt-']");
        await Assertions.Expect(opt).ToHaveCountAsync(0);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Scaling_chart_draws_exactly_the_numbers_in_its_table()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");

        var traces = await page.ReadChartAsync("scaling-chart");
        var tableValues = await TableValuesAsync(page);

        var drawn = traces.Where(t => t.Mode.Contains("markers", StringComparison.Ordinal)).SelectMany(t => t.Y).Order().ToArray();
        Assert.Equal(tableValues.Values.Order().ToArray(), drawn, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(DavinciNeqaLoss, tableValues["davinci"], 1e-6);
        Assert.Contains(await page.ReadDashedLevelsAsync("scaling-chart"), level => Math.Abs(level - Math.Log(2)) < 1e-9);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task A_copied_scaling_url_reopens_the_same_view()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        await page.WaitForChartAsync("scaling-chart");

        await page.ClickUntilUrlAsync(page.ByTestId("scaling-metric").GetByText("Accuracy", new() { Exact = true }), new Regex("metric="));
        await Assertions.Expect(page.ByTestId("scaling-row").Filter(new() { HasText = "davinci" }).First)
            .ToHaveAttributeAsync("data-value", new Regex(@"^0\.38"));
        var copied = page.Page.Url;
        var before = await TableValuesAsync(page);

        await using var reopened = await fixture.OpenAsync(copied);
        await reopened.WaitForChartAsync("scaling-chart");
        var after = await TableValuesAsync(reopened);

        Assert.Equal(DavinciNeqaAccuracy, after["davinci"], 1e-4);
        Assert.Equal(before, after);
        Assert.Empty(reopened.Errors);
    }

    [Fact]
    public async Task Scaling_chart_exports_png_svg_and_csv_named_after_the_view()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        await page.WaitForChartAsync("scaling-chart");

        var (pngName, png) = await page.DownloadAsync("scaling-chart-export-png");
        Assert.EndsWith(".png", pngName);
        Assert.Contains("NeQA", pngName);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.Equal(1920, width); // the default preset, a 16:9 slide (SlideExportTests covers the other choices)

        var (svgName, svg) = await page.DownloadAsync("scaling-chart-export-svg");
        Assert.EndsWith(".svg", svgName);
        var svgText = Encoding.UTF8.GetString(svg);
        Assert.StartsWith("<svg", svgText.TrimStart());
        Assert.Contains("GPT-3", svgText); // the legend names the family

        var (csvName, csv) = await page.DownloadAsync("scaling-chart-export-csv");
        Assert.EndsWith(".csv", csvName);
        var lines = Encoding.UTF8.GetString(csv).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("model", lines[0]);
        Assert.Contains(lines, l => l.Contains("davinci", StringComparison.Ordinal) && l.Contains("0.7578", StringComparison.Ordinal));
        Assert.Empty(page.Errors);
    }

    private static async Task<Dictionary<string, double>> TableValuesAsync(DashboardPage page)
    {
        var rows = page.ByTestId("scaling-row");
        await rows.First.WaitForAsync();
        var values = new Dictionary<string, double>();
        foreach (var row in await rows.AllAsync())
        {
            var model = await row.GetAttributeAsync("data-model") ?? "";
            values[model] = double.Parse(await row.GetAttributeAsync("data-value") ?? "NaN", CultureInfo.InvariantCulture);
        }

        return values;
    }
}
