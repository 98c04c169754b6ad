using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A page of the dashboard under test: records console errors and uncaught exceptions, and knows when the Blazor
/// circuit (the WebSocket to <c>/_blazor</c>) is up, which is when the page becomes interactive.
/// </summary>
public sealed class DashboardPage : IAsyncDisposable
{
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

    /// <summary>Waits until the server has sent the first message over the Blazor circuit.</summary>
    public async Task WaitForCircuitAsync()
    {
        try
        {
            await _circuit.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The Blazor circuit did not connect within 15 s. Page errors: " + string.Join(" | ", Errors));
        }
    }

    public ILocator ByTestId(string testId) => Page.GetByTestId(testId);

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
