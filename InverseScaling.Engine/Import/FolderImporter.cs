using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Import;

/// <summary>What one file of a folder import was read as, or why it was skipped.</summary>
/// <param name="Path">The file.</param>
/// <param name="ReadAs">What it was read as (null when skipped).</param>
/// <param name="Runs">Runs stored from it.</param>
/// <param name="Skipped">Why nothing was stored from it (null when read).</param>
public sealed record FolderFileOutcome(string Path, string? ReadAs, IReadOnlyList<RunRecord> Runs, string? Skipped);

/// <summary>Everything a folder import did, file by file.</summary>
public sealed record FolderImportSummary(string Folder, IReadOnlyList<FolderFileOutcome> Files)
{
    public IReadOnlyList<RunRecord> Runs => Files.SelectMany(f => f.Runs).ToArray();

    public int Read => Files.Count(f => f.Skipped is null);

    public int Skipped => Files.Count(f => f.Skipped is not null);
}

/// <summary>
/// Imports everything recognisable under a folder in one step: an lm-evaluation-harness output tree
/// (<c>&lt;model&gt;/results_*.json</c> + <c>samples_*.jsonl</c>, many models) or Prize pipeline results folders
/// (per-model CSVs, with the pipeline's copy of the dataset, <c>data.csv</c>, and its <c>args.log</c>). Each file is
/// stored whole or not at all, as by <see cref="ResultsImporter"/>; a file that cannot be used is skipped with the
/// reason, and the rest still imported.
/// </summary>
public sealed class FolderImporter(IResultsStore store, ResultsImporter importer)
{
    /// <summary>Files the pipeline writes beside its results that hold nothing new.</summary>
    private static readonly Dictionary<string, string> PipelineBookkeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        [PipelineArgsLog.FileName] = "the pipeline's arguments (used to name the task of the CSVs beside it)",
        ["log.log"] = "the pipeline's log",
        ["labelled_data.jsonl"] = "the pipeline's merge of the dataset and the per-model CSVs beside it (read from those instead)",
    };

    /// <summary>The file types a results file can have (<see cref="ResultsImporter.Import"/>).</summary>
    private static readonly HashSet<string> ResultsExtensions = new([".csv", ".json", ".jsonl"], StringComparer.OrdinalIgnoreCase);

    public FolderImportSummary Import(string folder, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= ImportOptions.Default;
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new ImportException(root, "no such folder");
        }

        // One in-memory list of datasets for the whole walk: tasks registered or built from samples on the way are
        // found by the next files without reading every dataset back from the store for each file.
        var datasets = (options.Datasets ?? store.GetDatasets()).ToList();
        var outcomes = new List<FolderFileOutcome>();
        var perExample = new HashSet<(string Task, string Model)>();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var taskFiles = files.Where(IsPipelineDataFile).ToHashSet(StringComparer.Ordinal);
        var folderTasks = new Dictionary<string, string?>(StringComparer.Ordinal);

        foreach (var file in taskFiles)
        {
            outcomes.Add(RegisterPipelineTask(file, datasets, folderTasks));
        }

        // Per-example files first, so the aggregates of a results file can give way to the samples of the same run.
        foreach (var file in files.Where(f => !taskFiles.Contains(f)).OrderBy(f => IsLmEvalResults(f) ? 1 : 0))
        {
            var name = Path.GetFileName(file);
            if (PipelineBookkeeping.TryGetValue(name, out var why))
            {
                outcomes.Add(new FolderFileOutcome(file, null, [], why));
                continue;
            }

            if (!ResultsExtensions.Contains(Path.GetExtension(file)))
            {
                // Plots, logs and notes beside the results: named by type, never opened.
                outcomes.Add(new FolderFileOutcome(file, null, [], $"not a results file ({(Path.GetExtension(file) is { Length: > 0 } ext ? ext : "no extension")})"));
                continue;
            }

            var fileOptions = options with { Datasets = datasets };
            var folderOfFile = Path.GetDirectoryName(file)!;
            if (options.TaskName is null && folderTasks.TryGetValue(folderOfFile, out var folderTask) && folderTask is not null)
            {
                fileOptions = fileOptions with { TaskName = folderTask };
            }
            else if (options.TaskName is null && Path.GetExtension(file).Equals(".csv", StringComparison.OrdinalIgnoreCase)
                     && (PipelineArgsLog.ReadFrom(folderOfFile)?.TaskName ?? (folderTasks.ContainsKey(folderOfFile) ? Path.GetFileName(folderOfFile) : null)) is { } named
                     && !datasets.Any(d => d.Name == named))
            {
                // A pipeline folder without its dataset, or whose dataset copy could not be read: its results keep their
                // numbers, not linked to any task text.
                fileOptions = fileOptions with { TaskName = named, ResultsOnly = true };
            }

            outcomes.Add(ImportFile(file, fileOptions, datasets, perExample));
        }

        return new FolderImportSummary(root, outcomes.OrderBy(o => o.Path, StringComparer.Ordinal).ToArray());
    }

    private FolderFileOutcome ImportFile(string file, ImportOptions options, List<TaskDataset> datasets, HashSet<(string Task, string Model)> perExample)
    {
        try
        {
            var runs = importer.Read(file, options);
            var covered = runs.Where(r => !r.Run.Source.HasPerExampleResults && perExample.Contains((r.Run.TaskName, r.Run.ModelName))).ToArray();
            var kept = runs.Except(covered).ToArray();
            importer.Store(kept);
            foreach (var run in kept)
            {
                if (run.NewDataset is { } built)
                {
                    datasets.Add(built);
                }

                if (run.Run.Source.HasPerExampleResults)
                {
                    perExample.Add((run.Run.TaskName, run.Run.ModelName));
                }
            }

            var readAs = string.Join("; ", kept.Select(r => r.ReadAs).OfType<string>().Distinct());
            if (covered.Length > 0)
            {
                readAs += $" ({covered.Length} task{(covered.Length == 1 ? "" : "s")} left to the samples of the same run: {string.Join(", ", covered.Select(c => c.Run.TaskName))})";
            }

            return kept.Length == 0
                ? new FolderFileOutcome(file, null, [], "every task in it was imported per example from its samples")
                : new FolderFileOutcome(file, readAs, kept.Select(r => store.GetRun(r.Run.Id)!).ToArray(), null);
        }
        catch (ImportException ex)
        {
            return new FolderFileOutcome(file, null, [], ex.Reason + (ex.Line is { } line ? $" (line {line})" : ""));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FolderFileOutcome(file, null, [], ex.Message);
        }
    }

    /// <summary>
    /// The pipeline's copy of its dataset (<c>data.csv</c>/<c>data.jsonl</c>): registered under the task the args.log
    /// names (or the folder's name) rather than as a task called "data"; official files keep their official name.
    /// </summary>
    private FolderFileOutcome RegisterPipelineTask(string file, List<TaskDataset> datasets, Dictionary<string, string?> folderTasks)
    {
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            var dataset = TaskFileReader.Read(file);
            if (datasets.FirstOrDefault(d => d.Sha256 == dataset.Sha256) is { } same)
            {
                // The same copy in another results folder (the pipeline copies its dataset into every run's folder):
                // one task, under the name it was first registered with.
                dataset = dataset with { Name = same.Name };
            }
            else if (dataset.Origin == TaskOrigin.User)
            {
                var name = PipelineArgsLog.ReadFrom(folder)?.TaskName ?? Path.GetFileName(folder);
                // Another version of a task already loaded under that name (a round-1 copy of an official task) gets a name of its own.
                var taken = datasets.Any(d => d.Sha256 != dataset.Sha256 && string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
                dataset = dataset with { Name = taken ? $"{name} ({Path.GetFileName(folder)})" : name };
            }

            store.SaveDataset(dataset);
            datasets.RemoveAll(d => d.Sha256 == dataset.Sha256);
            datasets.Add(dataset);
            // By hash: the CSVs beside it belong to this very file, whatever else carries its name.
            folderTasks[folder] = dataset.Sha256;
            return new FolderFileOutcome(file, $"the pipeline's copy of its dataset, registered as task {dataset.Name} ({dataset.Examples.Count} examples)", [], null);
        }
        catch (DatasetFormatException ex)
        {
            folderTasks[folder] = null;
            return new FolderFileOutcome(file, null, [], ex.Message);
        }
    }

    private static bool IsPipelineDataFile(string path) =>
        Path.GetFileName(path) is var name
        && (name.Equals("data.csv", StringComparison.OrdinalIgnoreCase) || name.Equals("data.jsonl", StringComparison.OrdinalIgnoreCase));

    private static bool IsLmEvalResults(string path) =>
        Path.GetFileName(path).StartsWith("results", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
