using System.Collections.Concurrent;
using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using InverseScaling.Engine.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Tests.Services;

/// <summary>The one refresh mechanism of the pages: <see cref="DashboardChanges"/> subscriptions over <see cref="RefreshThrottle"/>.</summary>
public class RefreshThrottleTests
{
    // Waits end when the awaited thing happens; the limit only turns a hang into a failure.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_throwing_refresh_is_logged_and_the_next_request_refreshes_again()
    {
        var logger = new RecordingLogger();
        var second = new TaskCompletionSource();
        var calls = 0;
        using var throttle = new RefreshThrottle(
            async () =>
            {
                await Task.Yield();
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("the store is gone");
                }

                second.TrySetResult();
            },
            logger,
            "Scaling",
            TimeSpan.Zero);

        throttle.Request();
        var entry = await logger.First.Task.WaitAsync(Limit);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("the store is gone", entry.Exception?.Message);
        Assert.Contains("Scaling", entry.Message, StringComparison.Ordinal);

        throttle.Request();
        await second.Task.WaitAsync(Limit);
        Assert.Equal(2, calls);
        Assert.Single(logger.Entries);
    }

    [Fact]
    public async Task A_subscription_sees_stored_runs_and_queue_changes_and_refreshes_on_those_it_follows()
    {
        var store = new InMemoryResultsStore();
        using var catalog = new ResultsCatalog(store, Options.Create(new EngineOptions()));
        using var coordinator = new RunCoordinator(new ScriptedEvaluationService(), NullLogger<RunCoordinator>.Instance);
        using var changes = new DashboardChanges(catalog, coordinator, NullLogger<DashboardChanges>.Instance);
        var seen = new ConcurrentQueue<DashboardChange>();
        var refreshed = new TaskCompletionSource();

        using (changes.Subscribe("test", c => { seen.Enqueue(c); return c.Run?.ModelName == "b"; }, () => { refreshed.TrySetResult(); return Task.CompletedTask; }, TimeSpan.Zero))
        {
            store.ImportRun(Samples.Run("a", "F", 1), []);
            coordinator.Enqueue(Samples.Dataset(2), Samples.Model, new ScoringSettings());
            store.ImportRun(Samples.Run("b", "F", 2), []);
            await refreshed.Task.WaitAsync(Limit);
        }

        Assert.Equal(["a", null, "b"], seen.Select(c => c.Run?.ModelName));
        Assert.True(seen.ElementAt(1).IsJobs);
        Assert.True(seen.ElementAt(1).Concerns("any task"));
        Assert.False(seen.ElementAt(0).Concerns("another task"));

        // Disposed: a later change reaches no filter.
        store.ImportRun(Samples.Run("c", "F", 3), []);
        Assert.Equal(3, seen.Count);
    }

    private sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public TaskCompletionSource<LogEntry> First { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new LogEntry(logLevel, formatter(state, exception), exception);
            Entries.Enqueue(entry);
            First.TrySetResult(entry);
        }
    }
}
