using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium shared by the tests. Playwright's own browser download is never used: the browser is
/// the system's (<c>/usr/bin/chromium</c>, installed by tests/run-all.sh), and the Playwright driver ships inside the
/// NuGet package, so nothing is fetched from the network.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Overrides the browser binary (e.g. Google Chrome on a developer machine).</summary>
    public const string BrowserPathVariable = "INVERSE_SCALING_BROWSER";

    private static readonly string[] OfflineArguments =
    [
        // Running as root in CI containers needs --no-sandbox; the rest stop Chromium from calling home,
        // which on a closed network only produces refused connections and slow starts.
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable(BrowserPathVariable) is { Length: > 0 } custom ? custom : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"No browser at {executable}. Install Debian's chromium (tests/run-all.sh does) or set {BrowserPathVariable}.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = OfflineArguments,
        });
        return new BrowserSession(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
