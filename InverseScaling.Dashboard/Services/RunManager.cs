using InverseScaling.Dashboard.Model;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Run management from the Runs page: delete (undoable for the rest of the browser session: the deleted runs and their
/// results are kept in memory until the circuit ends), hide/show, and edits of the model name, family and parameter
/// count, one run or many at a time. Every change goes through the store, so every open page follows it.
/// </summary>
public sealed class RunManager(IResultsStore store, ResultsCatalog catalog)
{
    private readonly Stack<IReadOnlyList<(RunRecord Run, IReadOnlyList<ExampleResult> Results)>> _deleted = new();

    /// <summary>How many runs the last deletion removed (0: nothing to undo).</summary>
    public int UndoableCount => _deleted.TryPeek(out var last) ? last.Count : 0;

    public void Delete(IReadOnlyList<RunRecord> runs)
    {
        var batch = runs.Select(r => (r, store.GetResults(r.Id))).ToList();
        foreach (var run in runs)
        {
            catalog.DeleteRun(run);
        }

        _deleted.Push(batch);
    }

    /// <summary>Puts back the runs of the last deletion, results included; returns how many.</summary>
    public int UndoDelete()
    {
        if (!_deleted.TryPop(out var batch))
        {
            return 0;
        }

        foreach (var (run, results) in batch)
        {
            store.ImportRun(run, results);
        }

        return batch.Count;
    }

    public void SetHidden(IReadOnlyList<RunRecord> runs, bool hidden) => Update(runs, r => r with { Hidden = hidden });

    public void Edit(IReadOnlyList<RunRecord> runs, RunEdit edit) => Update(runs, edit.Apply);

    private void Update(IReadOnlyList<RunRecord> runs, Func<RunRecord, RunRecord> change)
    {
        foreach (var run in runs)
        {
            store.UpdateRun(change(run));
        }
    }
}
