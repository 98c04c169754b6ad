using System.Collections.Concurrent;
using System.Threading.Channels;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Runs;

namespace InverseScaling.Dashboard.Services;

public enum RunJobState
{
    Queued,
    Running,
    Done,
    Cancelled,
    Failed,
}

/// <summary>One requested task × model scoring, as the Runs page shows it. Mutated only by the coordinator.</summary>
public sealed class RunJob
{
    internal RunJob(TaskDataset task, ModelDescriptor model, ScoringSettings settings)
    {
        Task = task;
        Model = model;
        Settings = settings;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public TaskDataset Task { get; }

    public ModelDescriptor Model { get; }

    public ScoringSettings Settings { get; }

    public RunJobState State { get; internal set; }

    public string? RunId { get; internal set; }

    public int Completed { get; internal set; }

    public int Total { get; internal set; }

    public double TokensPerSecond { get; internal set; }

    public bool FromCache { get; internal set; }

    public string? Error { get; internal set; }

    public double Fraction => Total > 0 ? (double)Completed / Total : 0;

    public bool IsActive => State is RunJobState.Queued or RunJobState.Running;

    internal CancellationTokenSource Cancellation { get; } = new();
}

/// <summary>
/// Scores runs in the background, one at a time (the ONNX session already uses every core), so no page ever waits on the
/// engine. Keeps live progress and partial aggregates for the pages (partial curves fill in as batches land), and
/// cancels on request; the evaluation service keeps every written batch, so a cancelled run resumes later.
/// </summary>
public sealed partial class RunCoordinator : BackgroundService
{
    private readonly IEvaluationService _evaluation;
    private readonly ILogger<RunCoordinator> _logger;
    private readonly Channel<RunJob> _queue = Channel.CreateUnbounded<RunJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<RunJob> _jobs = new();
    private readonly ConcurrentDictionary<string, AggregateMetrics> _live = new();

    public RunCoordinator(IEvaluationService evaluation, ILogger<RunCoordinator> logger)
    {
        _evaluation = evaluation;
        _logger = logger;
    }

    /// <summary>Raised (on a background thread) whenever a job is queued, progresses or ends.</summary>
    public event Action? Changed;

    /// <summary>Every job of this process, oldest first.</summary>
    public IReadOnlyList<RunJob> Jobs => _jobs.ToArray();

    /// <summary>Aggregates over the examples done so far, by run id, for runs still scoring.</summary>
    public IReadOnlyDictionary<string, AggregateMetrics> LiveAggregates => _live;

    public RunJob Enqueue(TaskDataset task, ModelDescriptor model, ScoringSettings settings)
    {
        var job = new RunJob(task, model, settings);
        _jobs.Enqueue(job);
        _queue.Writer.TryWrite(job);
        Changed?.Invoke();
        return job;
    }

    public void Cancel(RunJob job)
    {
        if (job.State == RunJobState.Queued)
        {
            job.State = RunJobState.Cancelled;
        }

        job.Cancellation.Cancel();
        Changed?.Invoke();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job.State == RunJobState.Cancelled)
            {
                continue;
            }

            await RunJobAsync(job, stoppingToken);
        }
    }

    private async Task RunJobAsync(RunJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, job.Cancellation.Token);
        job.State = RunJobState.Running;
        job.Total = job.Task.Examples.Count;
        Changed?.Invoke();
        try
        {
            // Task.Run: the evaluation service's synchronous parts (tokenising, ONNX) must not run on the caller's thread.
            var run = await Task.Run(
                () => _evaluation.RunAsync(job.Task, job.Model, job.Settings, new InlineProgress(p => Report(job, p)), linked.Token),
                linked.Token);
            job.RunId = run.Id;
            job.Completed = run.Completed;
            job.State = RunJobState.Done;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            job.State = RunJobState.Cancelled;
        }
        catch (Exception ex)
        {
            LogScoringFailed(ex, job.Task.Name, job.Model.Name);
            job.Error = ex.Message;
            job.State = RunJobState.Failed;
        }
        finally
        {
            if (job.RunId is not null)
            {
                _live.TryRemove(job.RunId, out _);
            }

            Changed?.Invoke();
        }
    }

    private void Report(RunJob job, RunProgress progress)
    {
        job.RunId = progress.RunId;
        job.Completed = progress.Completed;
        job.Total = progress.Total;
        job.TokensPerSecond = progress.TokensPerSecond;
        job.FromCache = progress.FromCache;
        if (progress.Partial is not null)
        {
            _live[progress.RunId] = progress.Partial;
        }

        Changed?.Invoke();
    }

    /// <summary>Reports synchronously on the scoring thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scoring {Task} with {Model} failed")]
    private partial void LogScoringFailed(Exception exception, string task, string model);
}
