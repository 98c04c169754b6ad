using System.Collections.Concurrent;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.TestSupport;

/// <summary>
/// A test double of the results store for page and view-model tests (the LiteDB store is tested in the engine's
/// tests): the same contract, in dictionaries.
/// </summary>
internal sealed class InMemoryResultsStore : IResultsStore
{
    private readonly ConcurrentDictionary<string, TaskDataset> _datasets = new();
    private readonly ConcurrentDictionary<string, ModelDescriptor> _models = new();
    private readonly ConcurrentDictionary<string, RunRecord> _runs = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, ExampleResult>> _results = new();

    public event Action<RunRecord>? RunChanged;

    public void SaveDataset(TaskDataset dataset) => _datasets[dataset.Sha256] = dataset;

    public IReadOnlyList<TaskDataset> GetDatasets() => _datasets.Values.ToList();

    public TaskDataset? GetDataset(string nameOrSha256) =>
        _datasets.GetValueOrDefault(nameOrSha256) ?? _datasets.Values.FirstOrDefault(d => d.Name == nameOrSha256);

    public void SaveModel(ModelDescriptor model) => _models[model.Name] = model;

    public IReadOnlyList<ModelDescriptor> GetModels() => _models.Values.ToList();

    public RunRecord GetOrCreateRun(RunRecord run)
    {
        var stored = _runs.GetOrAdd(run.Id, run);
        if (ReferenceEquals(stored, run))
        {
            RunChanged?.Invoke(run);
        }

        return stored;
    }

    public RunRecord? GetRun(string runId) => _runs.GetValueOrDefault(runId);

    public IReadOnlyList<RunRecord> GetRuns(string? taskName = null) =>
        _runs.Values.Where(r => taskName is null || r.TaskName == taskName).OrderBy(r => r.CreatedAt).ToList();

    public void UpdateRun(RunRecord run)
    {
        _runs[run.Id] = run;
        RunChanged?.Invoke(run);
    }

    public void AppendResults(string runId, IReadOnlyList<ExampleResult> batch)
    {
        var results = _results.GetOrAdd(runId, _ => new());
        foreach (var result in batch)
        {
            results[result.Index] = result;
        }

        UpdateRun(_runs[runId] with { Completed = results.Count });
    }

    public IReadOnlyList<ExampleResult> GetResults(string runId) =>
        _results.TryGetValue(runId, out var results) ? results.Values.OrderBy(r => r.Index).ToList() : [];

    public IReadOnlySet<int> GetCompletedIndices(string runId) =>
        _results.TryGetValue(runId, out var results) ? results.Keys.ToHashSet() : new HashSet<int>();

    public void ImportRun(RunRecord run, IReadOnlyList<ExampleResult> results)
    {
        _results[run.Id] = new ConcurrentDictionary<int, ExampleResult>(results.Select(r => KeyValuePair.Create(r.Index, r)));
        _runs[run.Id] = run;
        RunChanged?.Invoke(run);
    }

    public void ImportRuns(IReadOnlyList<(RunRecord Run, IReadOnlyList<ExampleResult> Results)> runs, IReadOnlyList<TaskDataset>? datasets = null)
    {
        foreach (var dataset in datasets ?? [])
        {
            SaveDataset(dataset);
        }

        foreach (var (run, results) in runs)
        {
            ImportRun(run, results);
        }
    }

    public void DeleteRun(string runId)
    {
        _runs.TryRemove(runId, out _);
        _results.TryRemove(runId, out _);
    }

    // The dashboard's tests never seed bundled content, the only reader of the deleted ids.
    public IReadOnlySet<string> GetDeletedRunIds() => new HashSet<string>();
}
