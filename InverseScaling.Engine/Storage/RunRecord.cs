using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Storage;

public enum RunStatus
{
    Pending,
    Running,
    Complete,
    Cancelled,
    Failed,

    /// <summary>Stored as running, but the process scoring it has died (killed, crashed); scoring it again resumes it.</summary>
    Interrupted,
}

/// <summary>Whether a run was scored here or imported from results computed elsewhere.</summary>
public enum RunOrigin
{
    Local,
    Imported,
}

/// <summary>Provenance of a run: shown next to every number that comes from it.</summary>
public sealed record RunSource
{
    public required RunOrigin Origin { get; init; }

    /// <summary>File the results were imported from (imports only).</summary>
    public string? File { get; init; }

    /// <summary>Import format, e.g. "official-pipeline-csv", "lm-eval-samples", "lm-eval-v0.3-results", "aggregate-table".</summary>
    public string? Format { get; init; }

    /// <summary>Where the numbers were published, when known.</summary>
    public string? Url { get; init; }

    /// <summary>A caveat the UI must show (e.g. lm-eval v0.3 scored a double-space continuation).</summary>
    public string? Note { get; init; }

    /// <summary>False for aggregate-only imports: they appear in curves but not in per-example views.</summary>
    public bool HasPerExampleResults { get; init; } = true;

    public static RunSource Local { get; } = new() { Origin = RunOrigin.Local };
}

/// <summary>One task × model × settings evaluation, local or imported.</summary>
public sealed record RunRecord
{
    /// <summary>The run key: a hash of model content, dataset content and scoring settings (see <see cref="RunKey"/>).</summary>
    public required string Id { get; init; }

    public required string TaskName { get; init; }

    /// <summary>SHA-256 of the dataset file (null for aggregate-only imports whose dataset is not held here).</summary>
    public string? TaskSha256 { get; init; }

    public TaskType TaskType { get; init; } = TaskType.Classification;

    public required string ModelName { get; init; }

    public required string Family { get; init; }

    /// <summary>Parameter count; null only when unknown (such imports are refused unless the user gives one).</summary>
    public long? Parameters { get; init; }

    public long? TrainingTokens { get; init; }

    public long? TrainingStep { get; init; }

    public int Shots { get; init; }

    public int Seed { get; init; }

    public required RunSource Source { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Pending;

    /// <summary>Number of examples the run covers.</summary>
    public int Total { get; init; }

    /// <summary>Number of examples with a stored result.</summary>
    public int Completed { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Aggregates, set when the run completes (or given directly by an aggregate-only import).</summary>
    public AggregateMetrics? Aggregate { get; init; }

    /// <summary>Hidden by the user: kept in the store (and in the cache) but left out of every chart and view.</summary>
    public bool Hidden { get; init; }

    /// <summary>Why a run failed, naming file and line where the cause was an input.</summary>
    public string? Error { get; init; }
}
