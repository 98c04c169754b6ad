using InverseScaling.EndToEnd.Tests.Infrastructure;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// The theme a user chose is the theme of the page's very first paint: a dark room in a group meeting should not
/// see every page load flash white.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ThemeTests(DashboardFixture fixture)
{
    // MudBlazor writes the palette into the server-rendered page as CSS variables; these are the layout's backgrounds.
    private const string DarkBackground = "--mud-palette-background: rgba(15,19,24,1)";
    private const string LightBackground = "--mud-palette-background: rgba(246,247,249,1)";

    [Fact]
    public async Task A_chosen_dark_theme_is_in_the_server_rendered_page()
    {
        await using var page = await fixture.OpenAsync("/");
        await page.WaitForCircuitAsync();
        var first = await (await page.Page.GotoAsync("/scaling?task=NeQA"))!.TextAsync();
        Assert.Contains(LightBackground, first, StringComparison.Ordinal);

        await page.WaitForCircuitAsync();
        await ScreenshotTests.SwitchToDarkAsync(page);
        var response = await page.Page.GotoAsync("/scaling?task=NeQA");
        var html = await response!.TextAsync();

        Assert.Contains(DarkBackground, html, StringComparison.Ordinal);
        Assert.DoesNotContain(LightBackground, html, StringComparison.Ordinal);
    }
}
