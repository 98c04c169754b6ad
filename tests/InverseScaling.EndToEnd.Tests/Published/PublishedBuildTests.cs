using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Published;

/// <summary>
/// The README's published build: <c>dotnet publish InverseScaling.Dashboard -c Release -o out</c>, then
/// <c>out/InverseScaling.Dashboard</c> started from another working directory (no repository, no appsettings.json
/// there). Every page must come up with its static assets (the dashboard's own, MudBlazor's, Plotly's, Blazor's) and
/// the embedded default.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "xUnit disposes the test through IAsyncLifetime.DisposeAsync, which deletes the folder.")]
public sealed class PublishedBuildTests : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly TempFolder _folder = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];
    private Process? _app;
    private BrowserSession? _browser;

    public async Task InitializeAsync()
    {
        var publishFolder = Path.Combine(_folder.Path, "out");
        await RunToEndAsync("dotnet", ["publish", Path.Combine(Fixtures.RepositoryRoot, "InverseScaling.Dashboard"), "-c", "Release", "-o", publishFolder, "--nologo"]);

        var workingFolder = Directory.CreateDirectory(Path.Combine(_folder.Path, "elsewhere")).FullName;
        var start = new ProcessStartInfo(Path.Combine(publishFolder, "InverseScaling.Dashboard"))
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        _app = Process.Start(start) ?? throw new InvalidOperationException("The published app did not start.");
        _app.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _app.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        _browser = await BrowserSession.LaunchAsync();
    }

    [Fact]
    public async Task The_published_app_started_from_another_folder_serves_every_page_with_its_assets()
    {
        var address = await _listening.Task.WaitAsync(StartTimeout).ContinueWith(
            t => t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException("The published app did not listen: " + Output()));
        foreach (var url in new[] { "/", "/scaling?task=NeQA", "/examples?task=NeQA", "/example?task=NeQA&index=5", "/scatter?task=NeQA", "/runs" })
        {
            await using var page = await OpenAsync(address, url);
            await page.WaitForCircuitAsync();

            // MudBlazor's stylesheet is applied (its app bar is fixed), Plotly's script loaded, nothing failed.
            Assert.Equal("fixed", await page.Page.Locator(".mud-appbar").First.EvaluateAsync<string>("e => getComputedStyle(e).position"));
            Assert.True(await page.Page.EvaluateAsync<bool>("() => typeof Plotly === 'object'"), $"Plotly not loaded on {url}");
            Assert.Empty(page.Errors);
        }

        // The embedded default: the published GPT-3 results on NeQA are drawn on the scaling page.
        await using (var scaling = await OpenAsync(address, "/scaling?task=NeQA"))
        {
            await scaling.WaitForChartAsync("scaling-chart");
            await Assertions.Expect(scaling.Page.GetByRole(AriaRole.Cell, new() { Name = "davinci", Exact = true })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        }

        // The database went to the working folder, as a relative path in appsettings.json says, not beside the binaries.
        Assert.True(File.Exists(Path.Combine(_folder.Path, "elsewhere", "inverse-scaling.litedb")), Output());
    }

    /// <summary>A page in a context of its own (closing the page closes its context).</summary>
    private async Task<DashboardPage> OpenAsync(Uri address, string url)
    {
        var context = await _browser!.Browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        var page = new DashboardPage(await context.NewPageAsync());
        await page.GotoAsync(url);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            await _app.WaitForExitAsync();
        }

        _app?.Dispose();
        _folder.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        const string Marker = "Now listening on: ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + Marker.Length)..].Trim()));
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(40));
        }
    }

    private static async Task RunToEndAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
