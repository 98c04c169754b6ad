using System.Collections.Concurrent;
using InverseScaling.Dashboard.Model;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// The pages' read side of the results store: tasks, runs, and per-task result tables built once and cached until a run
/// of that task changes. Relays the store's <see cref="IResultsStore.RunChanged"/> so every open page can update.
/// </summary>
public sealed class ResultsCatalog : IDisposable
{
    private readonly IResultsStore _store;
    private readonly DataFolderPaths _paths;
    private readonly IReadOnlyList<RegexColumn> _configuredColumns;
    private readonly ConcurrentDictionary<(string Task, int Shots), Lazy<TaskResults?>> _tables = new();

    // By the base file's content hash: a k-shot variant is a pure function of (file, shots, seed), so it never goes stale
    // and survives the per-task table rebuilds that every finished run causes.
    private readonly ConcurrentDictionary<(string Sha256, int Shots, int Seed), Lazy<TaskDataset>> _fewShot = new();

    public ResultsCatalog(IResultsStore store, IOptions<EngineOptions> options)
    {
        _store = store;
        _paths = new DataFolderPaths(options.Value.DataFolder);
        // Validated at start-up by the engine (RegexColumnOptions.Validate), so they compile here.
        _configuredColumns = RegexColumnOptions.ToRegexColumns(options.Value.MetadataColumns);
        _store.RunChanged += OnRunChanged;
    }

    /// <summary>Raised (on the store's writer thread) when a run is created, progresses, completes or is imported.</summary>
    public event Action<RunRecord>? RunChanged;

    /// <summary>Names of tasks that have at least one run to show, in alphabetical order.</summary>
    public IReadOnlyList<string> TasksWithResults() =>
        _store.GetRuns().Where(RunSelection.IsShowable).Select(r => r.TaskName)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();

    public IReadOnlyList<RunRecord> Runs(string? task = null) => _store.GetRuns(task).Select(ForPages).ToList();

    public IReadOnlyList<TaskDataset> Datasets() => _store.GetDatasets();

    public TaskDataset? Dataset(string task) => _store.GetDataset(task);

    public IReadOnlyList<ExampleResult> Results(RunRecord run) => _store.GetResults(run.Id);

    /// <summary>
    /// The task's examples joined with the per-example results of every current run of <paramref name="shots"/>; null when
    /// the dataset is not in the store (e.g. a task known only from aggregate-only imports).
    /// </summary>
    public TaskResults? TaskResults(string task, int shots) =>
        _tables.GetOrAdd((task, shots), key => new Lazy<TaskResults?>(() => BuildTable(key.Task, key.Shots))).Value;

    /// <summary>
    /// The examples exactly as a run with these settings scored them. The store holds only the file; k-shot prompts are
    /// rebuilt by <see cref="FewShotBuilder"/> (deterministic in task, shots and seed, as the engine does when scoring)
    /// once per setting, not per page view.
    /// </summary>
    public TaskDataset AsScored(TaskDataset dataset, int shots, int seed) =>
        shots == 0
            ? dataset
            : _fewShot.GetOrAdd((dataset.Sha256, shots, seed), key => new Lazy<TaskDataset>(() => FewShotBuilder.Build(dataset, key.Shots, key.Seed))).Value;

    /// <summary>Deletes a run and its results; every open page showing its task updates.</summary>
    public void DeleteRun(RunRecord run)
    {
        _store.DeleteRun(run.Id);
        // The store announces writes, not deletions: the tables are dropped and the pages told here.
        OnRunChanged(run);
    }

    private TaskResults? BuildTable(string task, int shots)
    {
        var runs = RunSelection.WithExamples(Runs(task), shots);
        var dataset = runs.Select(r => r.TaskSha256).OfType<string>().Select(_store.GetDataset).FirstOrDefault(d => d is not null)
            ?? _store.GetDataset(task);
        if (dataset is null)
        {
            return null;
        }

        // Runs of one k-shot setting normally share a seed; if not, the prompts shown are those of the most common one.
        var seed = shots == 0 ? 0 : runs.GroupBy(r => r.Seed).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault();
        return Model.TaskResults.Build(
            AsScored(dataset, shots, seed), shots, runs.Select(r => (r, _store.GetResults(r.Id))), _configuredColumns, seed, dataset);
    }

    /// <summary>The run as pages, tooltips and exports show it: its source file without the server's absolute path.</summary>
    private RunRecord ForPages(RunRecord run) =>
        run.Source.File is null ? run : run with { Source = run.Source with { File = _paths.Shown(run.Source.File) } };

    private void OnRunChanged(RunRecord run)
    {
        foreach (var key in _tables.Keys.Where(k => k.Task == run.TaskName))
        {
            _tables.TryRemove(key, out _);
        }

        RunChanged?.Invoke(ForPages(run));
    }

    public void Dispose() => _store.RunChanged -= OnRunChanged;
}
