using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A page of the dashboard under test: records console errors and uncaught exceptions, and knows when the Blazor
/// circuit (the WebSocket to <c>/_blazor</c>) is up, which is when the page becomes interactive.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _circuit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DashboardPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("uncaught: " + error);
            }
        };
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                socket.FrameReceived += (_, _) => _circuit.TrySetResult();
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public async Task GotoAsync(string relativeUrl)
    {
        var response = await Page.GotoAsync(relativeUrl);
        Assert.True(response is { Ok: true }, $"GET {relativeUrl} answered {response?.Status}");
    }

    /// <summary>
    /// Waits until the circuit is connected and the layout has rendered interactively: typing into the static
    /// prerender before that is lost when the circuit takes the page over.
    /// </summary>
    public async Task WaitForCircuitAsync()
    {
        try
        {
            await _circuit.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await Page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = 15_000 });
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            throw new TimeoutException("The Blazor circuit did not connect within 15 s. Page errors: " + string.Join(" | ", Errors), ex);
        }
    }

    public ILocator ByTestId(string testId) => Page.GetByTestId(testId);

    /// <summary>Waits until the plotly chart with this id has been drawn (charts.js marks it with data-rendered).</summary>
    public async Task WaitForChartAsync(string chartId) =>
        await Page.Locator($"#{chartId}[data-rendered='true']").WaitForAsync();

    /// <summary>The traces plotly actually drew, read from the chart element's <c>data</c> (plotly's graph div).</summary>
    public async Task<IReadOnlyList<ChartTrace>> ReadChartAsync(string chartId)
    {
        await WaitForChartAsync(chartId);
        return await EvaluateAsync<ChartTrace[]>(
            """
            id => document.getElementById(id).data.map(t => ({
                name: t.name ?? '',
                mode: t.mode ?? '',
                x: Array.from(t.x ?? [], Number),
                y: Array.from(t.y ?? [], Number),
                customData: Array.from(t.customdata ?? [], String),
            }))
            """,
            chartId);
    }

    /// <summary>Evaluates a script and maps its JSON result (camelCase) onto <typeparamref name="T"/>.</summary>
    public async Task<T> EvaluateAsync<T>(string script, object? argument = null)
    {
        var result = await Page.EvaluateAsync<JsonElement>(script, argument);
        return result.Deserialize<T>(Json)!;
    }

    /// <summary>The input element of a MudBlazor text field, wherever the field puts its test id.</summary>
    public ILocator TextInput(string testId) =>
        Page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;

    /// <summary>
    /// Types into a field until the URL shows the change. The page is prerendered, so an input can exist (and accept
    /// text) a moment before the circuit has attached its handlers; text typed then is lost, so it is typed again.
    /// </summary>
    public async Task FillUntilUrlAsync(ILocator input, string text, Regex expectedUrl)
    {
        for (var attempt = 1; ; attempt++)
        {
            await input.FillAsync(text);
            await input.PressAsync("Tab");
            try
            {
                await Assertions.Expect(Page).ToHaveURLAsync(expectedUrl, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
                await input.FillAsync("");
            }
        }
    }

    /// <summary>Clicks until the URL shows the change (see <see cref="FillUntilUrlAsync"/> for why a first click can be lost).</summary>
    public async Task ClickUntilUrlAsync(ILocator target, Regex expectedUrl)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                await Assertions.Expect(Page).ToHaveURLAsync(expectedUrl, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>
    /// Opens a MudBlazor select, clicks the option whose text starts with <paramref name="optionText"/> and closes the
    /// list again. Each step waits for the server's answer before the next: on a loaded machine the list can open late
    /// (then clicking the select again would hit the open list, not the select) or stay open after Escape (then it
    /// covers the controls below it).
    /// </summary>
    public async Task SelectOptionAsync(string selectTestId, string optionText)
    {
        var select = ByTestId(selectTestId);
        var openItems = Page.Locator(".mud-popover-open .mud-list-item");
        var option = openItems.Filter(new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(optionText)) }).First;
        for (var attempt = 1; ; attempt++)
        {
            if (await openItems.CountAsync() == 0)
            {
                await select.ClickAsync();
            }

            try
            {
                await option.ClickAsync(new() { Timeout = 5_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                // The list did not open: the click reached the page before the server answered it.
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            // Escape on the select's own input: MudSelect closes its list on a key it intercepts there.
            await select.PressAsync("Escape");
            try
            {
                await Assertions.Expect(openItems).ToHaveCountAsync(0, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
            }
        }
    }

    /// <summary>The y values of the dashed horizontal lines in the chart's layout (reference lines such as chance).</summary>
    public async Task<double[]> ReadDashedLevelsAsync(string chartId)
    {
        await WaitForChartAsync(chartId);
        return await Page.EvaluateAsync<double[]>(
            """
            id => (document.getElementById(id).layout.shapes ?? [])
                .filter(s => s.line && s.line.dash && s.y0 === s.y1)
                .map(s => Number(s.y0))
            """,
            chartId);
    }

    /// <summary>Clicks an export button and returns the downloaded file's name and bytes.</summary>
    public async Task<(string FileName, byte[] Content)> DownloadAsync(string buttonTestId)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => ByTestId(buttonTestId).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "inverse-scaling-e2e-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(path);
        try
        {
            return (download.SuggestedFilename, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}

/// <summary>One plotly trace as drawn in the browser.</summary>
public sealed record ChartTrace(string Name, string Mode, double[] X, double[] Y, string[] CustomData);
