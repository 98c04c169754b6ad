namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Coalesces bursts of change notifications (a scoring run reports after every batch) into at most one page refresh
/// per interval, so an open page follows a run live without re-rendering on every batch.
/// </summary>
public sealed class RefreshThrottle : IDisposable
{
    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private Timer? _timer;
    private bool _disposed;

    public RefreshThrottle(Func<Task> refresh, TimeSpan? interval = null)
    {
        _refresh = refresh;
        _interval = interval ?? TimeSpan.FromMilliseconds(750);
    }

    public void Request()
    {
        lock (_gate)
        {
            if (_disposed || _timer is not null)
            {
                return;
            }

            _timer = new Timer(_ => Fire(), null, _interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
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

        _ = _refresh();
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
}
