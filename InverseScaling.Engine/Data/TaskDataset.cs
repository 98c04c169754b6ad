namespace InverseScaling.Engine.Data;

/// <summary>A loaded, validated task: every row parsed, or the file rejected whole.</summary>
public sealed record TaskDataset
{
    /// <summary>
    /// Display name: the official task name for official files, the generated task's name for generated ones (also
    /// when read back from a saved file, see <see cref="TaskFileKeys.Generator"/>), otherwise the file's stem.
    /// </summary>
    public required string Name { get; init; }

    public required TaskType Type { get; init; }

    public required TaskOrigin Origin { get; init; }

    /// <summary>Full path of the file it was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes (identifies the dataset in the results store).</summary>
    public required string Sha256 { get; init; }

    public required IReadOnlyList<TaskExample> Examples { get; init; }

    /// <summary>Non-fatal findings (e.g. a class without a leading space), each naming file and line.</summary>
    public IReadOnlyList<DatasetIssue> Warnings { get; init; } = [];

    /// <summary>Metadata column names present on the examples, in display order.</summary>
    public IReadOnlyList<string> MetadataColumns { get; init; } = [];

    /// <summary>For generated tasks: what made it (generator name, seed, spec file).</summary>
    public string? GeneratedBy { get; init; }
}
