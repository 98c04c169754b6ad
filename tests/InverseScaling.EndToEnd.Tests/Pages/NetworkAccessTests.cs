using System.Net;
using InverseScaling.Dashboard.Services;
using InverseScaling.EndToEnd.Tests.Infrastructure;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>The real app's door: loopback open, anything else behind an access key, and no foreign Host names.</summary>
public sealed class NetworkAccessTests
{
    private const string Key = "lab-key-7f3a9c";

    [Fact]
    public async Task Bound_off_loopback_without_a_key_it_refuses_to_start_and_says_why()
    {
        var ex = await Assert.ThrowsAsync<DashboardStartException>(() => DashboardServer.StartAsync(new Dictionary<string, string> { ["urls"] = "http://0.0.0.0:0" }));

        Assert.Contains("0.0.0.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("InverseScaling:AccessKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_off_loopback_with_a_key_a_request_without_it_gets_401_and_the_browser_is_asked_once()
    {
        await using var server = await DashboardServer.StartAsync(new Dictionary<string, string> { ["urls"] = "http://0.0.0.0:0", [NetworkAccess.KeySetting] = Key });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{server.BaseAddress.Port}"),
        };

        var without = await client.GetAsync("/runs");
        var wrong = await client.GetAsync("/runs?key=not-the-key");
        var once = await client.GetAsync($"/runs?key={Key}&task=NeQA");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
        Assert.Equal("/runs?task=NeQA", once.Headers.Location!.OriginalString);
        var cookie = Assert.Single(once.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{NetworkAccess.CookieName}={Key};", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/runs");
        withCookie.Headers.Add("Cookie", $"{NetworkAccess.CookieName}={Key}");
        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/runs");
        withHeader.Headers.Add(NetworkAccess.HeaderName, Key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withHeader)).StatusCode);
    }

    [Fact]
    public async Task On_loopback_no_key_is_asked_and_a_foreign_host_name_is_refused()
    {
        await using var server = await DashboardServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/runs");
        rebound.Headers.Host = "evil.example";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
    }
}
