using InverseScaling.EndToEnd.Tests.Infrastructure;

namespace InverseScaling.EndToEnd.Tests.Pages;

[Collection(DashboardCollection.Name)]
public sealed class SmokeTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Home_page_loads_connects_its_circuit_and_logs_no_errors()
    {
        await using var page = await fixture.OpenAsync("/");

        await page.WaitForCircuitAsync();
        // The tab names the page and the product, so several open dashboards can be told apart.
        Assert.Equal("Overview · InverseScaling", await page.Page.TitleAsync());
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Unknown_address_answers_not_found()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Server.BaseAddress.ToString() });
        try
        {
            var response = await context.APIRequest.GetAsync("/no-such-page-" + Guid.NewGuid().ToString("N"));
            Assert.Equal(404, response.Status);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
