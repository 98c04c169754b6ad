using System.Security.Cryptography;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Import;

/// <summary>
/// One file being imported: its identity (path, content hash), the user's options and the known datasets. The content
/// is read lazily: line-by-line formats stream it (<see cref="ReadLines"/>), so a samples file of hundreds of MB costs
/// no more memory than its parsed results; formats read whole (<see cref="Bytes"/>) are refused above a size limit
/// before anything is read.
/// </summary>
internal sealed class ImportContext
{
    private readonly Lazy<byte[]> _bytes;

    public ImportContext(string path, ImportOptions options, IReadOnlyList<TaskDataset> datasets, long maxWholeFileBytes = long.MaxValue)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (!System.IO.File.Exists(Path))
        {
            throw new ImportException(Path, "the file does not exist");
        }

        if (GitLfsPointer.IsFile(Path))
        {
            throw new ImportException(Path, GitLfsPointer.DescribeFile(Path), 1);
        }

        Length = new FileInfo(Path).Length;
        using (var stream = System.IO.File.OpenRead(Path))
        {
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        Options = options;
        Datasets = datasets;
        _bytes = new Lazy<byte[]>(() => Length <= maxWholeFileBytes
            ? System.IO.File.ReadAllBytes(Path)
            : throw Refuse($"{Length / (1024.0 * 1024):N0} MB is more than the {maxWholeFileBytes / (1024.0 * 1024):N0} MB this format is read whole up to (InverseScaling:MaxTableImportMegabytes)"));
    }

    public string Path { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Size of the file in bytes.</summary>
    public long Length { get; }

    /// <summary>The whole content, for formats that are parsed whole; refused above the size limit.</summary>
    public byte[] Bytes => _bytes.Value;

    /// <summary>The content line by line (UTF-8, a byte-order mark skipped), streamed from the file.</summary>
    public IEnumerable<string> ReadLines() => System.IO.File.ReadLines(Path, System.Text.Encoding.UTF8);

    public string Sha256 { get; }

    public ImportOptions Options { get; }

    public IReadOnlyList<TaskDataset> Datasets { get; }

    public ImportException Refuse(string reason, int? line = null) => new(Path, reason, line);

    /// <summary>The dataset called <paramref name="taskName"/> (display name or SHA-256), or null.</summary>
    public TaskDataset? DatasetNamed(string taskName) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Sha256, taskName, StringComparison.OrdinalIgnoreCase))
        ?? Datasets.FirstOrDefault(d => string.Equals(d.Name, taskName, StringComparison.OrdinalIgnoreCase))
        ?? (TaskNames.ToDisplayName(taskName) is { } official
            ? Datasets.FirstOrDefault(d => string.Equals(d.Name, official, StringComparison.OrdinalIgnoreCase))
            : null);

    /// <summary>
    /// Name, family and size of the model: the user's overrides first, then what the file says, then the Prize's
    /// table by name. An import without a size is refused: it could not be placed on a scaling curve.
    /// </summary>
    public KnownModel ResolveModel(string? nameFromFile, long? parametersFromFile)
    {
        var name = Options.ModelName ?? (nameFromFile is null ? null : KnownModelSizes.BareName(nameFromFile));
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Refuse("the file does not name its model; give one (--model NAME)");
        }

        var known = KnownModelSizes.Find(name);
        var parameters = Options.Parameters ?? parametersFromFile ?? known?.Parameters
            ?? throw Refuse($"the size of model \"{name}\" is not known; give its parameter count (--model {name} --params N)");
        if (parameters <= 0)
        {
            throw Refuse($"model \"{name}\" has parameter count {parameters}; it must be positive");
        }

        // Training tokens belong to the named model; a user-given size means another model, so they are dropped.
        return Options.Parameters is null && known is not null
            ? known with { Name = name, Family = Options.Family ?? known.Family, Parameters = parameters }
            : new KnownModel(name, Options.Family ?? known?.Family ?? KnownModelSizes.FamilyFromName(name), parameters);
    }

    public RunSource Source(string format, string? note, bool perExample, string? url = null) => new()
    {
        Origin = RunOrigin.Imported,
        File = Path,
        Format = format,
        Url = url ?? Options.SourceUrl,
        Note = note,
        HasPerExampleResults = perExample,
    };

    /// <summary>A complete imported run; its id is the file's content plus the task and model it was imported as.</summary>
    public RunRecord Run(string taskName, TaskDataset? dataset, KnownModel model, RunSource source, int total, AggregateMetrics aggregate, long? trainingStep = null) => new()
    {
        Id = RunKey.ForImport(Sha256, taskName, model.Name),
        TaskName = taskName,
        TaskSha256 = dataset?.Sha256,
        TaskType = dataset?.Type ?? TaskType.Classification,
        ModelName = model.Name,
        Family = model.Family,
        Parameters = model.Parameters,
        TrainingTokens = model.TrainingTokensAt(trainingStep),
        TrainingStep = trainingStep,
        Source = source,
        Status = RunStatus.Complete,
        Total = total,
        Completed = aggregate.Total,
        Aggregate = aggregate,
    };
}
