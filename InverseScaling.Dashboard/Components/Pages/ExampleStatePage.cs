using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

/// <summary>
/// Base of the pages that share <see cref="ExampleViewState"/> (examples grid, example detail, scatter): reads it from the
/// query string, loads the task's cached result table, adds the user's regex columns, and refreshes when a run of the task
/// finishes.
/// </summary>
public abstract class ExampleStatePage : ResultsPage
{
    private (TaskResults Results, string Regex) _metadataKey;
    private MetadataTable? _metadata;

    [Inject]
    public required BrowserInterop Browser { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Task)]
    public string? Task { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Shots)]
    public string? Shots { get; set; }

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
    public string? Descending { get; set; }

    /// <summary>The query values, read into <see cref="ExampleViewState"/> in one place.</summary>
    private ExampleQueryValues QueryValues => new()
    {
        Task = Task,
        Shots = Shots,
        Models = ModelNames ?? [],
        A = A,
        B = B,
        Text = Text,
        Right = Right ?? [],
        Wrong = Wrong ?? [],
        Meta = Meta ?? [],
        Regex = Regex ?? [],
        Sort = Sort,
        Descending = Descending,
    };

    /// <summary>Tasks × k-shot settings that have per-example results (aggregate-only imports have none to show here).</summary>
    protected IReadOnlyList<TaskChoice> Choices { get; private set; } = [];

    /// <summary>What the page could not use from its URL and what it shows instead; pages add their own.</summary>
    protected List<string> Notes { get; } = [];

    protected ExampleViewState? State { get; private set; }

    /// <summary>The task and k-shot setting shown (the URL's, or the fallback a note explains).</summary>
    protected TaskChoice? Choice { get; private set; }

    /// <summary>The task's table; null when the task has no dataset or no per-example run.</summary>
    protected TaskResults? Results { get; private set; }

    protected MetadataTable? Metadata => _metadata;

    /// <summary>The filtered view (shared by the grid, previous/next and the scatter).</summary>
    protected ExamplesView? View { get; private set; }

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
        Notes.Clear();
        var values = QueryValues;
        var shots = QueryValue.Int(values.Shots, DashboardUrls.Query.Shots, Notes) ?? 0;
        Choices = TaskChoice.WithExamples(Catalog.Runs());
        var choice = Choice = TaskChoice.Resolve(Choices, values.Task, shots, Notes);
        if (choice is null)
        {
            (State, Results, View) = (null, null, null);
            return;
        }

        State = ExampleViewState.FromQuery(choice.Task, choice.Shots, values, Notes);
        Results = Catalog.TaskResults(choice.Task, choice.Shots);
        if (Results is null || Results.Models.Count == 0)
        {
            View = null;
            return;
        }

        NoteUnknownModels(Results, choice, values);

        // Regex columns run over every prompt: recompute only when the table or the column set changes.
        var regexKey = string.Join('\n', State.RegexColumns.Select(RegexColumnUrl.Serialize));
        if (_metadata is null || !ReferenceEquals(_metadataKey.Results, Results) || _metadataKey.Regex != regexKey)
        {
            _metadata = Results.MetadataWith(State.RegexColumns);
            _metadataKey = (Results, regexKey);
        }

        View = ExamplesView.Build(Results, _metadata, State);
    }

    private void NoteUnknownModels(TaskResults results, TaskChoice choice, ExampleQueryValues values)
    {
        foreach (var (key, model) in values.AskedModels())
        {
            if (!string.IsNullOrEmpty(model) && results.Model(model) is null)
            {
                Notes.Add($"Ignored {key}={model}: {choice.Label} has no per-example results of a model by that name.");
            }
        }
    }

    /// <summary>Moves to another task (and k-shot setting), dropping the models and filters of the old one.</summary>
    protected static ExampleViewState Fresh(TaskChoice choice) => new() { Task = choice.Task, Shots = choice.Shots };

    // Per-batch progress of a run would rebuild the table constantly; the examples views follow finished runs.
    protected override bool Follows(DashboardChange change) =>
        change.Run is { } run && run.TaskName == State?.Task && run.Status != RunStatus.Running;

    protected override void Reload()
    {
        LoadState();
        OnStateLoaded();
    }
}
