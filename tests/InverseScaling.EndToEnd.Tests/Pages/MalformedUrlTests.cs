using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>Hand-edited, stale and mistyped addresses answer with a page, never with a server error (issue 11).</summary>
[Collection(DashboardCollection.Name)]
public sealed class MalformedUrlTests(DashboardFixture fixture)
{
    public static TheoryData<string> Urls =>
    [
        "/scaling?task=NeQA&invert=banana",
        "/scaling?task=NeQA&shots=abc&metric=bleu&x=nope",
        "/scaling?task=No%20Such%20Task",
        "/?metric=acc_norm&shots=-x",
        "/examples?task=NeQA&page=abc",
        "/examples?task=NeQA&size=abc&desc=maybe",
        "/examples?task=Memo%20Trap",
        "/examples?task=NeQA&rx=%28unclosed&rx=noequals&model=nobody&sort=loss:nobody",
        "/example?task=NeQA&index=abc",
        "/example?task=NeQA&index=999999",
        "/scatter?task=NeQA&a=nobody&b=&color=nope&facet=nope&shots=2.5",
        "/runs?task=%00",
    ];

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_malformed_query_answers_with_the_page(string url)
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Server.BaseAddress.ToString() });
        try
        {
            var response = await context.APIRequest.GetAsync(url);
            Assert.Equal(200, response.Status);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_page_names_what_it_ignored()
    {
        await using var page = await fixture.OpenAsync("/examples?task=NeQA&page=abc&model=nobody");

        var notes = page.ByTestId("url-note");
        await Assertions.Expect(notes.Filter(new() { HasText = "Ignored page=abc: not a whole number." })).ToHaveCountAsync(1);
        await Assertions.Expect(notes.Filter(new() { HasText = "Ignored model=nobody" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.ByTestId("example-row").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unknown_route_gets_the_apps_own_not_found_page()
    {
        var path = "/no-such-page-" + Guid.NewGuid().ToString("N");
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Server.BaseAddress.ToString() });
        try
        {
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(path);

            Assert.Equal(404, response!.Status);
            await Assertions.Expect(page.GetByTestId("not-found")).ToContainTextAsync(path);
            await Assertions.Expect(page.GetByTestId("not-found-links").Locator("a")).ToHaveCountAsync(5);
            await Assertions.Expect(page.GetByTestId("brand")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
