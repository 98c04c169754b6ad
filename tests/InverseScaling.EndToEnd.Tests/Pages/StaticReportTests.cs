using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>"Export report" (issue 11): one HTML file that opens from file:// with no network and shows the page's numbers.</summary>
[Collection(DashboardCollection.Name)]
public sealed class StaticReportTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_scaling_report_opens_offline_from_a_file_with_the_chart_and_the_numbers()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        await page.WaitForChartAsync("scaling-chart");
        await page.WaitForCircuitAsync();

        await OpenOfflineAsync(page, "scaling", async report =>
        {
            await Assertions.Expect(report.GetByTestId("report-url")).ToContainTextAsync("/scaling?task=NeQA");
            // The published davinci loss on NeQA, the same number the page's table shows.
            await Assertions.Expect(report.Locator("td", new() { HasText = "0.7578" }).First).ToBeVisibleAsync();
            await Assertions.Expect(report.Locator("li", new() { HasText = "standard error of the mean" })).ToHaveCountAsync(1);
        });
    }

    /// <summary>The other pages with charts export the same kind of report: every chart of the page, offline.</summary>
    [Theory]
    [InlineData("/", "overview-grid", "overview", "NeQA · GPT-3: loss vs parameters")]
    [InlineData("/scatter?task=NeQA", "scatter-chart", "scatter", "paired bootstrap 95 % CI")]
    [InlineData("/example?task=NeQA&index=3", "example-probabilities", "example", "example #3: class probabilities")]
    public async Task Other_pages_with_charts_export_an_offline_report_of_their_charts(string url, string shownTestId, string name, string expectedText)
    {
        await using var page = await fixture.OpenAsync(url);
        await page.ByTestId(shownTestId).WaitForAsync();
        await page.Page.Locator(".plotly-chart[data-rendered='true']").First.WaitForAsync();
        await page.WaitForCircuitAsync();

        await OpenOfflineAsync(page, name, async report =>
        {
            await Assertions.Expect(report.GetByTestId("report-url")).ToContainTextAsync(url);
            await Assertions.Expect(report.Locator("body")).ToContainTextAsync(expectedText);
            Assert.Equal(await page.Page.Locator(".plotly-chart").CountAsync(), await report.Locator("figure svg.main-svg:first-child").CountAsync());
        });
        Assert.Empty(page.Errors);
    }

    /// <summary>Downloads the page's report, opens it from file:// in an offline browser and checks no request left the file.</summary>
    private async Task OpenOfflineAsync(DashboardPage page, string name, Func<IPage, Task> check)
    {
        var (fileName, html) = await page.DownloadAsync("export-report");
        Assert.EndsWith("_report.html", fileName, StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), "inverse-scaling-report-" + Guid.NewGuid().ToString("N") + ".html");
        await File.WriteAllBytesAsync(file, html);
        var context = await fixture.Browser.NewContextAsync(new() { Offline = true });
        try
        {
            var report = await context.NewPageAsync();
            var requests = new List<string>();
            report.Request += (_, request) => requests.Add(request.Url);
            await report.GotoAsync(new Uri(file).AbsoluteUri);

            await Assertions.Expect(report.Locator("svg.main-svg").First).ToBeVisibleAsync();
            await check(report);
            Assert.Equal([new Uri(file).AbsoluteUri], requests);
            Directory.CreateDirectory(ScreenshotTests.Folder);
            await report.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotTests.Folder, $"report-{name}.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
            File.Delete(file);
        }
    }
}
