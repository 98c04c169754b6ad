using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Import;

/// <summary>What the user tells an import (the command line's <c>--task</c>, <c>--model</c>, <c>--params</c>).</summary>
public sealed record ImportOptions
{
    /// <summary>The task the results belong to (official display name or stored dataset name); inferred when null.</summary>
    public string? TaskName { get; init; }

    /// <summary>Overrides the model name taken from the file (name, lm-eval config).</summary>
    public string? ModelName { get; init; }

    /// <summary>Parameter count of the model; needed when its size is not in <see cref="KnownModelSizes"/> or the file.</summary>
    public long? Parameters { get; init; }

    /// <summary>Overrides the family derived from the model name.</summary>
    public string? Family { get; init; }

    /// <summary>Where the results were published, recorded as the runs' source URL.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>
    /// Import per-example loss/correct without linking them to a task's text (results of another version of the task,
    /// or a pipeline folder without its dataset): curves and Δ work, per-example text views stay empty.
    /// </summary>
    public bool ResultsOnly { get; init; }

    /// <summary>Datasets to match per-example results against; the store's datasets when null.</summary>
    public IReadOnlyList<TaskDataset>? Datasets { get; init; }

    public static ImportOptions Default { get; } = new();
}
