using System.Diagnostics;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Logging;

namespace InverseScaling.Engine.Runs;

/// <summary>
/// Runs one task × model × settings evaluation through the results store: a complete run is answered from the
/// store without opening the model; otherwise only the examples without a stored result are scored, and every
/// batch the scorer yields is written (one transaction) before the next is asked for, so an interrupted run loses
/// at most the batch in flight and resumes where it stopped.
/// </summary>
internal sealed partial class EvaluationService(
    IResultsStore store,
    IModelScorerFactory scorerFactory,
    ILogger<EvaluationService> logger) : IEvaluationService
{
    public async Task<RunRecord> RunAsync(
        TaskDataset task,
        ModelDescriptor model,
        ScoringSettings settings,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);

        var key = NewRun(task, model, settings);
        if (store.GetRun(key.Id) is { Status: RunStatus.Complete } cached)
        {
            LogFromCache(cached.Id, task.Name, model.Name);
            progress?.Report(new RunProgress(cached.Id, task.Name, model.Name, cached.Completed, cached.Total, 0, FromCache: true, cached.Aggregate));
            return cached;
        }

        // Opened before anything is written: a model folder whose graph or tokenizer cannot be used is refused with
        // nothing of the run stored (no run record, no dataset, no model).
        using var scorer = scorerFactory.Open(model);
        var run = store.GetOrCreateRun(key);

        // Built only now: a cache hit needs no k-shot prompts (building them also hashes the rewritten dataset).
        var scored = ApplySettings(task, settings);

        // The dataset and model are stored with the run so the dashboard can show a run's examples and model
        // without the original files. Rewriting a stored dataset costs seconds for sig-figs' 20,897 rows, so it
        // is skipped unless its metadata columns changed (user columns are added without changing the file).
        if (store.GetDataset(task.Sha256) is not { } stored || !stored.MetadataColumns.SequenceEqual(task.MetadataColumns))
        {
            store.SaveDataset(task);
        }

        store.SaveModel(model);

        // Results already stored by an earlier, interrupted call; kept in memory (by index) for the partial
        // aggregates, so progress reports do not re-read the whole run after every batch.
        var results = store.GetResults(run.Id).ToDictionary(r => r.Index);
        var pending = scored.Examples.Where(e => !results.ContainsKey(e.Index)).ToArray();
        LogStarting(run.Id, task.Name, model.Name, results.Count, pending.Length);
        run = Save(run with { Status = RunStatus.Running, Total = scored.Examples.Count, Completed = results.Count, Error = null });

        try
        {
            if (pending.Length > 0)
            {
                progress?.Report(Progress(run, results, 0, scored));
                await ScorePendingAsync(run, scored, scorer, pending, results, progress, cancellationToken).ConfigureAwait(false);
            }

            run = Save(store.GetRun(run.Id)! with
            {
                Status = RunStatus.Complete,
                Completed = results.Count,
                Aggregate = Aggregate(results, scored),
            });
            LogComplete(run.Id, run.Aggregate?.MeanLoss, run.Aggregate?.Accuracy);
            return run;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Save(store.GetRun(run.Id)! with { Status = RunStatus.Cancelled });
            LogCancelled(run.Id);
            throw;
        }
        catch (Exception ex)
        {
            Save(store.GetRun(run.Id)! with { Status = RunStatus.Failed, Error = ex.Message });
            LogFailed(ex, run.Id);
            throw;
        }
    }

    private async Task ScorePendingAsync(
        RunRecord run,
        TaskDataset scored,
        IModelScorer scorer,
        IReadOnlyList<TaskExample> pending,
        Dictionary<int, ExampleResult> results,
        IProgress<RunProgress>? progress,
        CancellationToken cancellationToken)
    {
        var scoringProgress = new LatestProgress();
        var clock = Stopwatch.StartNew();
        await foreach (var batch in scorer.ScoreAsync(scored.Type, pending, scoringProgress, cancellationToken).ConfigureAwait(false))
        {
            store.AppendResults(run.Id, batch);
            foreach (var result in batch)
            {
                results[result.Index] = result;
            }

            progress?.Report(Progress(run, results, scoringProgress.Latest?.TokensPerSecond ?? 0, scored));
        }

        LogScored(run.Id, pending.Count, clock.Elapsed.TotalSeconds);
    }

    private static RunProgress Progress(RunRecord run, Dictionary<int, ExampleResult> results, double tokensPerSecond, TaskDataset scored) =>
        new(run.Id, run.TaskName, run.ModelName, results.Count, run.Total, tokensPerSecond, FromCache: false, Aggregate(results, scored));

    /// <summary>Aggregates in index order, so the numbers (to the last bit) do not depend on the order examples were scored in.</summary>
    private static AggregateMetrics Aggregate(Dictionary<int, ExampleResult> results, TaskDataset scored) =>
        Aggregator.Compute(results.Values.OrderBy(r => r.Index).ToArray(), scored);

    private RunRecord Save(RunRecord run)
    {
        store.UpdateRun(run);
        return store.GetRun(run.Id)!;
    }

    private static RunRecord NewRun(TaskDataset task, ModelDescriptor model, ScoringSettings settings) => new()
    {
        Id = RunKey.For(model, task.Sha256, settings, task.Type),
        TaskName = task.Name,
        TaskSha256 = task.Sha256,
        TaskType = task.Type,
        ModelName = model.Name,
        Family = model.Manifest.Family,
        Parameters = model.Manifest.Parameters,
        TrainingTokens = model.Manifest.TrainingTokens,
        TrainingStep = model.Manifest.TrainingStep,
        Shots = settings.Shots,
        Seed = settings.Seed,
        Source = RunSource.Local,
        Total = task.Examples.Count,
    };

    /// <summary>
    /// The examples as scored under <paramref name="settings"/>: the file itself, or its k-shot variant by the
    /// official recipe. The run keeps the file's name and hash with its shots and seed; the k-shot prompts are
    /// rebuilt the same way from those (<see cref="FewShotBuilder"/> is deterministic), so only the file is stored.
    /// </summary>
    private static TaskDataset ApplySettings(TaskDataset task, ScoringSettings settings) =>
        FewShotBuilder.Build(task, settings.Shots, settings.Seed);

    /// <summary>Keeps the scorer's most recent report, read synchronously between batches (no thread hop).</summary>
    private sealed class LatestProgress : IProgress<ScoringProgress>
    {
        public ScoringProgress? Latest { get; private set; }

        public void Report(ScoringProgress value) => Latest = value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ({Task} × {Model}) is complete in the store; not scoring again")]
    private partial void LogFromCache(string runId, string task, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} ({Task} × {Model}): {Done} examples stored, scoring {Pending}")]
    private partial void LogStarting(string runId, string task, string model, int done, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: scored {Count} examples in {Seconds:F1} s")]
    private partial void LogScored(string runId, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} complete: loss {Loss}, accuracy {Accuracy}")]
    private partial void LogComplete(string runId, double? loss, double? accuracy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} cancelled; its stored results are kept")]
    private partial void LogCancelled(string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private partial void LogFailed(Exception exception, string runId);
}
