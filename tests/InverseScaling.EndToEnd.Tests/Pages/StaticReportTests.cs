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
        var (name, html) = await page.DownloadAsync("export-report");
        Assert.EndsWith("_report.html", name, StringComparison.Ordinal);

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
            await Assertions.Expect(report.GetByTestId("report-url")).ToContainTextAsync("/scaling?task=NeQA");
            // The published davinci loss on NeQA, the same number the page's table shows.
            await Assertions.Expect(report.Locator("td", new() { HasText = "0.7578" }).First).ToBeVisibleAsync();
            await Assertions.Expect(report.Locator("li", new() { HasText = "standard error of the mean" })).ToHaveCountAsync(1);
            Assert.Equal([new Uri(file).AbsoluteUri], requests);
            Directory.CreateDirectory(ScreenshotTests.Folder);
            await report.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotTests.Folder, "report-scaling.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
            File.Delete(file);
        }
    }
}
