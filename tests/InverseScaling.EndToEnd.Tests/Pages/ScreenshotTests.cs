using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Every page at 1280×800 in the light and the dark theme, written to a folder for people to look at (CI prints its
/// path): <c>$INVERSE_SCALING_SCREENSHOTS</c>, or <c>inverse-scaling-screenshots</c> in the temp folder.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ScreenshotTests(DashboardFixture fixture, ITestOutputHelper output)
{
    public const string FolderVariable = "INVERSE_SCALING_SCREENSHOTS";

    /// <summary>Page name, address, and the element that shows the page has its content.</summary>
    private static readonly (string Name, string Url, string Ready)[] Pages =
    [
        ("overview", "/", "[data-testid='overview-card']"),
        ("scaling", "/scaling?task=NeQA", "#scaling-chart[data-rendered='true']"),
        ("scaling-flops", "/scaling?task=NeQA&x=flops", "#scaling-chart[data-rendered='true']"),
        ("scaling-tokens", "/scaling?task=NeQA&x=tokens", "#scaling-chart[data-rendered='true']"),
        ("scaling-acc-norm", "/scaling?task=Hindsight%20Neglect&metric=acc_norm", "#scaling-chart[data-rendered='true']"),
        ("scaling-split", "/scaling?task=NeQA&split=answer", "#scaling-chart[data-rendered='true']"),
        ("examples", "/examples?task=NeQA", "[data-testid='example-row']"),
        ("example", "/example?task=NeQA&index=0", "[data-testid='example-models']"),
        ("scatter", "/scatter?task=NeQA&a=ada&b=davinci", "#scatter-chart[data-rendered='true']"),
        ("runs", "/runs", "[data-testid='stored-runs']"),
        ("discovery", "/discovery", "[data-testid='discovery-row']"),
    ];

    public static string Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "inverse-scaling-screenshots");

    [Fact]
    public Task Every_page_in_both_themes() => ShootEveryPageAsync(1280, 800, "");

    /// <summary>The size of a projector or a shared screen in a group meeting.</summary>
    [Fact]
    public Task Every_page_in_both_themes_at_1080p() => ShootEveryPageAsync(1920, 1080, "-1920x1080");

    private async Task ShootEveryPageAsync(int width, int height, string suffix)
    {
        Directory.CreateDirectory(Folder);
        foreach (var dark in new[] { false, true })
        {
            var theme = dark ? "dark" : "light";
            await using var page = await fixture.OpenAsync("/", width: width, height: height);
            await page.WaitForCircuitAsync();
            if (dark)
            {
                // The theme is a preference stored in the browser; switching it once carries over to every page.
                await SwitchToDarkAsync(page);
            }

            foreach (var (name, url, ready) in Pages)
            {
                await page.GotoAsync(url);
                await page.Page.Locator(ready).First.WaitForAsync();
                if (dark)
                {
                    // Dark from the first paint (the preference cookie); wait for the computed style all the same.
                    await page.Page.WaitForFunctionAsync(IsDarkScript);
                }

                // Fonts and plotly's transitions settle before the picture is taken.
                await page.Page.EvaluateAsync("() => document.fonts.ready");
                await page.Page.WaitForTimeoutAsync(300);
                var file = Path.Combine(Folder, $"{name}-{theme}{suffix}.png");
                await page.Page.ScreenshotAsync(new() { Path = file });
                Assert.True(new FileInfo(file).Length > 10_000, $"{file} looks empty");
            }

            Assert.Empty(page.Errors);
        }

        output.WriteLine($"Screenshots: {Folder}");
    }

    /// <summary>Switches the page (and the browser context's preference cookie) to the dark theme.</summary>
    internal static async Task SwitchToDarkAsync(DashboardPage page)
    {
        await page.WaitForCircuitAsync();
        await page.ByTestId("theme-toggle").ClickAsync();
        await page.Page.WaitForFunctionAsync(IsDarkScript);
    }

    /// <summary>True when the page background is dark (mean RGB channel below a quarter of full scale).</summary>
    internal const string IsDarkScript =
        """
        () => {
            const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return (rgb[0] + rgb[1] + rgb[2]) / 3 < 64;
        }
        """;
}
