using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.RunPanels;

public sealed partial class StoredRuns
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(400);

    private IReadOnlyList<RunRecord> _stored = [];
    private IReadOnlyList<RunRecord> _shown = [];
    private int _storedShown = 200;
    private string? _search;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private string? _editModel;
    private string? _editFamily;
    private string? _editParameters;
    private string? _editError;
    private IDisposable? _changes;

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required RunManager Manager { get; init; }

    [Inject]
    public required DashboardChanges Changes { get; init; }

    // Stored runs only: what the queue alone changes (queued, cancelled) is not in the store.
    protected override void OnInitialized() =>
        _changes = Changes.Subscribe(nameof(StoredRuns), c => !c.IsJobs, () => InvokeAsync(() => { Load(); StateHasChanged(); }), RefreshInterval);

    protected override void OnParametersSet() => Load();

    private void Load()
    {
        _stored = Catalog.Runs()
            .OrderByDescending(r => r.Source.Origin == RunOrigin.Local)
            .ThenBy(r => r.TaskName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Parameters ?? 0)
            .ThenBy(r => r.TrainingStep ?? 0)
            .ToList();
        _shown = _stored.Where(r => RunEdit.Matches(r, _search)).ToList();
        // A selection only ever names runs that still exist.
        _selected.IntersectWith(_stored.Select(r => r.Id));
    }

    private void OnSearchChanged(string? search)
    {
        _search = search;
        Load();
    }

    private void Select(RunRecord run, bool selected)
    {
        if (selected)
        {
            _selected.Add(run.Id);
        }
        else
        {
            _selected.Remove(run.Id);
        }
    }

    private void SelectShown(bool selected)
    {
        foreach (var run in _shown)
        {
            Select(run, selected);
        }
    }

    private IReadOnlyList<RunRecord> SelectedRuns() => _stored.Where(r => _selected.Contains(r.Id)).ToList();

    private void SetHidden(bool hidden)
    {
        Manager.SetHidden(SelectedRuns(), hidden);
        Load();
    }

    private void DeleteSelected()
    {
        Manager.Delete(SelectedRuns());
        _selected.Clear();
        Load();
    }

    private void UndoDelete()
    {
        Manager.UndoDelete();
        Load();
    }

    private void ApplyEdit()
    {
        var edit = RunEdit.Parse(_editModel, _editFamily, _editParameters, out _editError);
        if (edit is null || edit.IsEmpty)
        {
            _editError ??= "Fill in at least one of model name, family and parameters.";
            return;
        }

        Manager.Edit(SelectedRuns(), edit);
        (_editModel, _editFamily, _editParameters) = (null, null, null);
        Load();
    }

    public void Dispose() => _changes?.Dispose();
}
