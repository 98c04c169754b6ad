using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// One change a component may follow: a stored run that was created, progressed, finished, edited, imported or deleted
/// (<see cref="Run"/>), or, with <see cref="Run"/> null, this process's scoring queue (a job queued, progressing,
/// cancelled or failed, and the live partial aggregates).
/// </summary>
public sealed record DashboardChange(RunRecord? Run)
{
    public static readonly DashboardChange Jobs = new((RunRecord?)null);

    public bool IsJobs => Run is null;

    /// <summary>True for a change of a run of <paramref name="task"/>, and for a queue change (a job may be of any task).</summary>
    public bool Concerns(string? task) => Run is null || Run.TaskName == task;
}

/// <summary>
/// The one event source pages and components follow (pages through <see cref="Components.Pages.ResultsPage"/>), as eShop's <c>NotifyOnChange</c>: a subscription
/// is a disposable that throttles its refresh. It merges two sources because they announce different things: the
/// store's <see cref="ResultsCatalog.RunChanged"/> what is written (by this process or, through the shared database
/// file, by the command line), <see cref="RunCoordinator.Changed"/> what lives only in this process's memory (queued,
/// cancelled and failed jobs, tokens/s, partial aggregates between batches).
/// </summary>
public sealed class DashboardChanges : IDisposable
{
    private readonly ResultsCatalog _catalog;
    private readonly RunCoordinator _coordinator;
    private readonly ILogger<DashboardChanges> _logger;

    public DashboardChanges(ResultsCatalog catalog, RunCoordinator coordinator, ILogger<DashboardChanges> logger)
    {
        _catalog = catalog;
        _coordinator = coordinator;
        _logger = logger;
        _catalog.RunChanged += OnRunChanged;
        _coordinator.Changed += OnJobsChanged;
    }

    /// <summary>Raised on the writer's or the scorer's thread; components subscribe through <see cref="Subscribe"/>.</summary>
    private event Action<DashboardChange>? Changed;

    /// <summary>
    /// Calls <paramref name="refresh"/> after the changes <paramref name="follows"/> accepts, at most once per
    /// <paramref name="interval"/>, until the returned subscription is disposed. A refresh that throws is logged.
    /// </summary>
    /// <param name="subscriber">Who follows (a component's name), for the log.</param>
    /// <param name="follows">Decides on the notifying thread whether a change concerns the subscriber.</param>
    public IDisposable Subscribe(string subscriber, Func<DashboardChange, bool> follows, Func<Task> refresh, TimeSpan? interval = null) =>
        new Subscription(this, follows, new RefreshThrottle(refresh, _logger, subscriber, interval));

    private void OnRunChanged(RunRecord run) => Changed?.Invoke(new DashboardChange(run));

    private void OnJobsChanged() => Changed?.Invoke(DashboardChange.Jobs);

    public void Dispose()
    {
        _catalog.RunChanged -= OnRunChanged;
        _coordinator.Changed -= OnJobsChanged;
    }

    private sealed class Subscription : IDisposable
    {
        private readonly DashboardChanges _source;
        private readonly Func<DashboardChange, bool> _follows;
        private readonly RefreshThrottle _throttle;

        public Subscription(DashboardChanges source, Func<DashboardChange, bool> follows, RefreshThrottle throttle)
        {
            (_source, _follows, _throttle) = (source, follows, throttle);
            _source.Changed += OnChanged;
        }

        private void OnChanged(DashboardChange change)
        {
            if (_follows(change))
            {
                _throttle.Request();
            }
        }

        public void Dispose()
        {
            _source.Changed -= OnChanged;
            _throttle.Dispose();
        }
    }
}
