namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Coalesces bursts of change notifications (a scoring run reports after every batch) into at most one refresh per
/// interval, so an open page follows a run live without re-rendering on every batch. A refresh that throws is logged
/// and the next request refreshes again: a failure must not leave a page silently frozen.
/// </summary>
public sealed partial class RefreshThrottle : IDisposable
{
    /// <summary>Fast enough to look live, slow enough that a run's per-batch reports do not re-render every time.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(750);

    private readonly Func<Task> _refresh;
    private readonly ILogger _logger;
    private readonly string _subscriber;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private Timer? _timer;
    private bool _disposed;

    /// <param name="refresh">The refresh; it runs on a timer thread (a component marshals it with InvokeAsync).</param>
    /// <param name="logger">Receives what a refresh throws.</param>
    /// <param name="subscriber">Who refreshes (a component's name), for the log.</param>
    /// <param name="interval">How long requests are collected before one refresh; <see cref="DefaultInterval"/> by default.</param>
    public RefreshThrottle(Func<Task> refresh, ILogger logger, string subscriber, TimeSpan? interval = null)
    {
        _refresh = refresh;
        _logger = logger;
        _subscriber = subscriber;
        _interval = interval ?? DefaultInterval;
    }

    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || _timer is not null)
            {
                return;
            }

            _timer = new Timer(_ => _ = FireAsync(), null, _interval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FireAsync()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_disposed)
            {
                return;
            }
        }

        try
        {
            await _refresh();
        }
        catch (Exception ex)
        {
            // Nothing awaits a timer's callback: unlogged, the exception would vanish and the page stop following.
            LogRefreshFailed(_logger, ex, _subscriber);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing {Subscriber} after a change failed; it refreshes again on the next change")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string subscriber);
}
