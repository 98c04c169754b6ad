using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Presentation mode at 1080p (issue 11): full screen, nothing but the chart and its one-line title, arrow keys step
/// through the page's charts, Esc leaves; ticks at least 20 px and lines at least 4 px. Screenshots of each slide shown
/// go to the screenshot folder in both themes.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PresentationModeTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scatter_page_presents_its_charts_full_screen_and_steps_with_the_arrow_keys(bool dark)
    {
        await using var page = await OpenAsync("/scatter?task=NeQA&a=ada&b=davinci", dark);
        await page.WaitForChartAsync("scatter-chart");

        var presenter = await PresentAsync(page, "scatter-chart");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => document.fullscreenElement?.dataset.testid === 'presenter'"));
        // Nothing of the page shows: every corner and the centre of the screen belong to the presenter.
        Assert.True(await page.Page.EvaluateAsync<bool>(
            "() => [[5, 5], [960, 540], [1915, 5], [5, 1075], [1915, 1075]].every(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=presenter]'))"));
        await Assertions.Expect(page.ByTestId("presenter-title")).ToHaveTextAsync("NeQA: per-example loss, ada vs davinci");
        Assert.True(await TickPixelsAsync(page) >= 20);
        await ShootAsync(page, "presentation-scatter", dark);

        await page.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(presenter).ToHaveAttributeAsync("data-chart", "scatter-groups-chart");
        await Assertions.Expect(page.ByTestId("presenter-title")).ToContainTextAsync("Δ loss = loss(davinci) − loss(ada)");
        await page.Page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(presenter).ToHaveAttributeAsync("data-chart", "scatter-chart");

        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(presenter).ToHaveCountAsync(0);
        Assert.False(await page.Page.EvaluateAsync<bool>("() => document.fullscreenElement !== null"));
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Scaling_chart_is_drawn_for_the_back_of_the_room(bool dark)
    {
        await using var page = await OpenAsync("/scaling?task=NeQA", dark);
        await page.WaitForChartAsync("scaling-chart");

        await PresentAsync(page, "scaling-chart");

        Assert.True(await TickPixelsAsync(page) >= 20);
        var lineWidths = await page.Page.EvaluateAsync<double[]>(
            "() => document.getElementById('presenter-chart').data.filter(t => (t.mode ?? '').includes('lines')).map(t => t.line.width)");
        Assert.NotEmpty(lineWidths);
        Assert.All(lineWidths, w => Assert.True(w >= 4, $"line {w} px"));
        await ShootAsync(page, "presentation-scaling", dark);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Overview_presents_the_scaling_chart_of_every_card()
    {
        await using var page = await OpenAsync("/", dark: false);
        await page.ByTestId("overview-card").First.WaitForAsync();
        var cards = await page.ByTestId("overview-card").CountAsync();

        await page.ByTestId("overview-present").ClickAsync();
        var presenter = page.ByTestId("presenter");
        await Assertions.Expect(presenter).ToHaveAttributeAsync("data-index", "0");
        await Assertions.Expect(page.ByTestId("presenter-position")).ToHaveTextAsync($"1 / {cards}");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(presenter).ToHaveAttributeAsync("data-index", "1");
        await Assertions.Expect(page.ByTestId("presenter-position")).ToHaveTextAsync($"2 / {cards}");
        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(presenter).ToHaveCountAsync(0);
    }

    private async Task<DashboardPage> OpenAsync(string url, bool dark)
    {
        var page = await fixture.OpenAsync(url, width: 1920, height: 1080);
        await page.WaitForCircuitAsync();
        if (dark)
        {
            await ScreenshotTests.SwitchToDarkAsync(page);
        }

        return page;
    }

    private static async Task<ILocator> PresentAsync(DashboardPage page, string chartId)
    {
        await page.ByTestId(chartId + "-present").ClickAsync();
        var presenter = page.ByTestId("presenter");
        await Assertions.Expect(presenter).ToHaveAttributeAsync("data-chart", chartId);
        await page.Page.Locator("#presenter-chart .xtick text").First.WaitForAsync();
        return presenter;
    }

    private static Task<double> TickPixelsAsync(DashboardPage page) => page.Page.EvaluateAsync<double>(
        "() => parseFloat(getComputedStyle(document.querySelector('#presenter-chart .xtick text')).fontSize)");

    private static async Task ShootAsync(DashboardPage page, string name, bool dark)
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.Page.WaitForTimeoutAsync(300);
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotTests.Folder, $"{name}-{(dark ? "dark" : "light")}-1920x1080.png") });
    }
}
