using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Runs;

/// <summary>
/// Runs (or finds in the cache) one task × model × settings evaluation. The entry point shared by the
/// command line and the dashboard's Runs page.
/// </summary>
public interface IEvaluationService
{
    /// <summary>
    /// Returns the cached run when it is complete; otherwise scores the examples that have no stored result yet,
    /// writing them in batches, and completes the run with its aggregates. Cancelling keeps every written batch,
    /// so a later call resumes where this one stopped.
    /// </summary>
    Task<RunRecord> RunAsync(
        TaskDataset task,
        ModelDescriptor model,
        ScoringSettings settings,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default);
}

/// <summary>Live progress of a run; <see cref="Partial"/> holds the aggregates over the examples done so far.</summary>
public sealed record RunProgress(
    string RunId,
    string TaskName,
    string ModelName,
    int Completed,
    int Total,
    double TokensPerSecond,
    bool FromCache,
    AggregateMetrics? Partial);
