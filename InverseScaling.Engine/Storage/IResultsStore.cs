using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// The results store (one LiteDB file): datasets, models, runs and per-example results. The only way the
/// dashboard and the command line reach stored data. Thread-safe.
/// </summary>
public interface IResultsStore
{
    /// <summary>Raised after a run is created, progresses, completes or is imported (on the writer's thread).</summary>
    event Action<RunRecord>? RunChanged;

    /// <summary>Stores a dataset with its examples and metadata columns; replaces one with the same SHA-256.</summary>
    void SaveDataset(TaskDataset dataset);

    IReadOnlyList<TaskDataset> GetDatasets();

    /// <summary>A dataset by its display name or SHA-256.</summary>
    TaskDataset? GetDataset(string nameOrSha256);

    void SaveModel(ModelDescriptor model);

    IReadOnlyList<ModelDescriptor> GetModels();

    /// <summary>Returns the stored run with <paramref name="run"/>'s id, or stores <paramref name="run"/> as new.</summary>
    RunRecord GetOrCreateRun(RunRecord run);

    RunRecord? GetRun(string runId);

    /// <summary>All runs, or those of one task.</summary>
    IReadOnlyList<RunRecord> GetRuns(string? taskName = null);

    /// <summary>Replaces a run's record (status, counts, aggregates).</summary>
    void UpdateRun(RunRecord run);

    /// <summary>
    /// Writes a batch of results in one transaction. Idempotent per (run, example index), so a resumed run
    /// never duplicates an example. Updates the run's completed count.
    /// </summary>
    void AppendResults(string runId, IReadOnlyList<ExampleResult> batch);

    /// <summary>Stored results of a run, ordered by example index.</summary>
    IReadOnlyList<ExampleResult> GetResults(string runId);

    IReadOnlySet<int> GetCompletedIndices(string runId);

    /// <summary>Stores an imported run and its results atomically: all of it, or nothing.</summary>
    void ImportRun(RunRecord run, IReadOnlyList<ExampleResult> results);

    /// <summary>
    /// Stores several imported runs (of several files), and the tasks built from those files, in one transaction:
    /// all of them, or none, even if the process is killed.
    /// </summary>
    void ImportRuns(IReadOnlyList<(RunRecord Run, IReadOnlyList<ExampleResult> Results)> runs, IReadOnlyList<TaskDataset>? datasets = null);

    /// <summary>Deletes a run and its results, and remembers its id (<see cref="GetDeletedRunIds"/>).</summary>
    void DeleteRun(string runId);

    /// <summary>
    /// Ids of the runs deleted from this database and not stored again since, so that content seeded at every start
    /// (the bundled published results) does not bring back a run the user deleted. Storing a run again (an import, an
    /// undo, a new scoring run) takes its id off the list.
    /// </summary>
    IReadOnlySet<string> GetDeletedRunIds();
}
