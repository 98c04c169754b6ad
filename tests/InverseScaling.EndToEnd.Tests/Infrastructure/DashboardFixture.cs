using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One dashboard server on a clean database and one browser, shared by the tests of <see cref="DashboardCollection"/>.
/// Each test opens its own browser context, so cookies and local storage never leak between tests.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private DashboardServer? _server;
    private BrowserSession? _browser;

    public DashboardServer Server => _server ?? throw new InvalidOperationException("Fixture not started.");

    public IBrowser Browser => (_browser ?? throw new InvalidOperationException("Fixture not started.")).Browser;

    public async Task InitializeAsync()
    {
        // Started together: Chromium's start-up and the engine's first-run seeding overlap.
        var server = DashboardServer.StartAsync();
        var browser = BrowserSession.LaunchAsync();
        _server = await server;
        _browser = await browser;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new page, by default at 1280×800 (the screenshot size), whose console errors are recorded.</summary>
    public async Task<DashboardPage> OpenAsync(string relativeUrl, ColorScheme colorScheme = ColorScheme.Light, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = colorScheme,
            AcceptDownloads = true,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        // Expect(...) polls for 5 s by default; a loaded 2-core CI machine sometimes needs longer for a server round trip.
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        var dashboardPage = new DashboardPage(page);
        await dashboardPage.GotoAsync(relativeUrl);
        return dashboardPage;
    }
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "xUnit's convention names a collection definition <Name>Collection.")]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
