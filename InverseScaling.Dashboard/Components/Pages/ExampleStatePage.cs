using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

/// <summary>
/// Base of the pages that share <see cref="ExampleViewState"/> (examples grid, example detail, scatter): reads it from the
/// query string, loads the task's cached result table, adds the user's regex columns, and refreshes when a run of the task
/// finishes.
/// </summary>
public abstract class ExampleStatePage : ComponentBase, IDisposable
{
    private RefreshThrottle? _refresh;
    private (TaskResults Results, string Regex) _metadataKey;
    private MetadataTable? _metadata;

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required ChartPalette Palette { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required BrowserInterop Browser { get; init; }

    [CascadingParameter]
    public ChartStyle Style { get; set; } = ChartStyle.Default;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Task)]
    public string? Task { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Shots)]
    public int? Shots { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Model)]
    public string[]? ModelNames { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.A)]
    public string? A { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.B)]
    public string? B { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Text)]
    public string? Text { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Right)]
    public string[]? Right { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Wrong)]
    public string[]? Wrong { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Meta)]
    public string[]? Meta { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Regex)]
    public string[]? Regex { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Sort)]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Descending)]
    public bool? Descending { get; set; }

    /// <summary>Tasks that have per-example results (aggregate-only imports have none to show here).</summary>
    protected IReadOnlyList<string> Tasks { get; private set; } = [];

    protected ExampleViewState? State { get; private set; }

    /// <summary>The task's table; null when the task has no dataset or no per-example run.</summary>
    protected TaskResults? Results { get; private set; }

    protected MetadataTable? Metadata => _metadata;

    /// <summary>The filtered view (shared by the grid, previous/next and the scatter).</summary>
    protected ExamplesView? View { get; private set; }

    protected override void OnInitialized()
    {
        _refresh = new RefreshThrottle(() => InvokeAsync(() => { LoadState(); OnStateLoaded(); StateHasChanged(); }));
        Catalog.RunChanged += OnRunChanged;
    }

    protected override void OnParametersSet()
    {
        LoadState();
        OnStateLoaded();
    }

    /// <summary>Called after the state, table and view are (re)loaded, to build page-specific models.</summary>
    protected virtual void OnStateLoaded()
    {
    }

    private void LoadState()
    {
        Tasks = Catalog.TasksWithResults()
            .Where(t => Catalog.Runs(t).Any(r => RunSelection.HasLinkedExamples(r) && RunSelection.IsShowable(r)))
            .ToList();
        var task = Task is not null && Tasks.Contains(Task) ? Task : Tasks.FirstOrDefault() ?? Task;
        if (task is null)
        {
            (State, Results, View) = (null, null, null);
            return;
        }

        State = ExampleViewState.FromQuery(task, Shots, ModelNames, A, B, Text, Right, Wrong, Meta, Regex, Sort, Descending);
        Results = Catalog.TaskResults(task, State.Shots);
        if (Results is null || Results.Models.Count == 0)
        {
            View = null;
            return;
        }

        // Regex columns run over every prompt: recompute only when the table or the column set changes.
        var regexKey = string.Join('\n', State.RegexColumns.Select(RegexColumnUrl.Serialize));
        if (_metadata is null || !ReferenceEquals(_metadataKey.Results, Results) || _metadataKey.Regex != regexKey)
        {
            _metadata = Results.MetadataWith(State.RegexColumns);
            _metadataKey = (Results, regexKey);
        }

        View = ExamplesView.Build(Results, _metadata, State);
    }

    private void OnRunChanged(RunRecord run)
    {
        // Per-batch progress of a run would rebuild the table constantly; the examples views follow finished runs.
        if (run.TaskName == State?.Task && run.Status != RunStatus.Running)
        {
            _refresh?.Request();
        }
    }

    public virtual void Dispose()
    {
        Catalog.RunChanged -= OnRunChanged;
        _refresh?.Dispose();
        GC.SuppressFinalize(this);
    }
}
