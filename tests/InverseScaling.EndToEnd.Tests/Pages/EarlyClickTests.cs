using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// A click in the first moments after a page appears, while it is still the static prerender (the Blazor circuit not
/// yet connected), is held and replayed once the page is interactive instead of being lost.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EarlyClickTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_toggle_clicked_before_the_circuit_connects_takes_effect_once_it_does()
    {
        await using var page = await fixture.OpenAsync("/runs");
        // Hold the circuit's negotiation for 1.5 s so the click surely lands on the prerendered page.
        await page.Page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        await page.Page.GotoAsync("/scaling?task=NeQA");

        Assert.Equal("false", await page.Page.Locator("[data-interactive]").GetAttributeAsync("data-interactive"));
        await page.ByTestId("scaling-metric").GetByText("Accuracy", new() { Exact = true }).ClickAsync();
        Assert.Equal("false", await page.Page.Locator("[data-interactive]").GetAttributeAsync("data-interactive"));

        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex(@"/scaling\?task=NeQA&metric=acc"));
        await Assertions.Expect(page.Page.Locator("[data-testid='scaling-row']").First).ToBeVisibleAsync();
        Assert.Empty(page.Errors);
    }
}
