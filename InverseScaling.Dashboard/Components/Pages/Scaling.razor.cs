using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Scaling : IDisposable
{
    private IReadOnlyList<string> _tasks = [];
    private IReadOnlyList<int> _shotSettings = [];
    private string? _task;
    private TaskDataset? _dataset;
    private ScalingRequest _request = new();
    private ScalingView? _view;
    private PlotlyFigure? _figure;
    private bool _hasTokens;
    private bool _hasSteps;
    private bool _hasCompute;
    private IReadOnlyList<ScalingMetric> _otherMetrics = [];

    // The task's metadata columns, offered for splitting the curves when some run has per-example results.
    private IReadOnlyList<string> _splitColumns = [];
    private RefreshThrottle? _refresh;

    // What the page could not use from its URL (see UrlNotes); the URL's own problems, then those found while loading.
    private readonly List<string> _urlNotes = [];
    private readonly List<string> _notes = [];

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required RunCoordinator Coordinator { get; init; }

    [Inject]
    public required ChartPalette Palette { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public ChartStyle Style { get; set; } = ChartStyle.Default;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Task)]
    public string? Task { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Metric)]
    public string? Metric { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Axis)]
    public string? Axis { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Invert)]
    public string? Invert { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Shots)]
    public string? Shots { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Hide)]
    public string[]? Hide { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Split)]
    public string? Split { get; set; }

    /// <summary>The view model, for tests.</summary>
    internal ScalingView? View => _view;

    /// <summary>The task is a logodds one: its loss metric is the logodds difference, with no chance line.</summary>
    private bool IsLogodds => _view?.TaskType.IsLogodds() == true;

    protected override void OnInitialized()
    {
        _refresh = new RefreshThrottle(() => InvokeAsync(() => { Load(); StateHasChanged(); }));
        Catalog.RunChanged += OnRunChanged;
        Coordinator.Changed += OnCoordinatorChanged;
    }

    // Runs on query changes and when the cascaded chart style (theme, presentation mode) changes.
    protected override void OnParametersSet()
    {
        _urlNotes.Clear();
        _request = new ScalingRequest
        {
            Metric = ScalingOptionText.ParseMetric(Metric, _urlNotes),
            Axis = ScalingOptionText.ParseAxis(Axis, _urlNotes),
            Invert = QueryValue.Bool(Invert, DashboardUrls.Query.Invert, _urlNotes) ?? false,
            Shots = QueryValue.Int(Shots, DashboardUrls.Query.Shots, _urlNotes) ?? 0,
            HiddenFamilies = Hide ?? [],
            Split = string.IsNullOrEmpty(Split) ? null : Split,
        };
        Load();
    }

    private void Load()
    {
        _notes.Clear();
        _notes.AddRange(_urlNotes);
        _tasks = Catalog.TasksWithResults();
        _task = Task is not null && _tasks.Contains(Task) ? Task : _tasks is [var first, ..] ? first : null;
        if (_task is null)
        {
            _view = null;
            return;
        }

        if (Task is not null && Task != _task)
        {
            _notes.Add($"No results for a task named \"{Task}\"; showing {_task}.");
        }

        // Looked up here, not in the markup, so a re-render does not query the store again.
        _dataset = Catalog.Dataset(_task);
        var runs = Catalog.Runs(_task);
        _shotSettings = RunSelection.ShotSettings(runs);
        if (!_shotSettings.Contains(_request.Shots) && _shotSettings.Count > 0)
        {
            _notes.Add($"{_task} has no {_request.Shots}-shot results; showing {_shotSettings[0]}-shot.");
            _request = _request with { Shots = _shotSettings[0] };
        }
        var current = RunSelection.Current(runs, _request.Shots);
        _hasTokens = current.Any(r => r.TrainingTokens is not null);
        _hasSteps = current.Any(r => r.TrainingStep is not null);
        _hasCompute = current.Any(r => ScalingOptionText.TrainingCompute(r) is not null);
        var metadata = _dataset is null ? null : MetadataTable.For(_dataset);
        _splitColumns = metadata is not null && current.Any(r => r.Source.HasPerExampleResults) ? metadata.Names : [];
        var split = _request.Split is { } column && metadata?.Contains(column) == true ? ScalingSplit.For(column, metadata, _dataset!) : null;
        _view = ScalingView.Build(_task, runs, _request, Coordinator.LiveAggregates, Catalog.Results, split);
        _figure = ScalingFigure.Build(_view, Palette, Style);
        // When nothing (or not every family) is drawn, offer the metrics that would draw the missing families.
        _otherMetrics = _view.FamiliesWithoutData.Count == 0
            ? []
            : ScalingView.OtherMetricsWithData(
                _task, runs, _request with { HiddenFamilies = [.. _view.Families.Except(_view.FamiliesWithoutData)] }, Coordinator.LiveAggregates, Catalog.Results);
    }

    private string ChartCaption
    {
        get
        {
            var count = _view!.Series.Sum(s => s.Points.Count);
            return $"{count} point{(count == 1 ? "" : "s")}" + (_view.Series.Any(s => s.AnyImported) ? " · hollow markers: imported results" : "");
        }
    }

    private string ChartTitle =>
        $"{_task}: {_request.Metric.Noun()}{(_request.Invert ? " (inverted)" : "")} vs {_request.Axis.Noun()}{(_request.Shots > 0 ? $", {_request.Shots}-shot" : "")}{(_view?.Split is { } split ? $", by {split.Column}" : "")}";

    private string MetricUrl(ScalingMetric metric) =>
        DashboardUrls.ScalingUrl(_task!, metric, _request.Axis, _request.Invert, _request.Shots, _request.HiddenFamilies, _request.Split);

    private string FileName => Csv.FileName(
        _task,
        _request.Metric.Token() + (_request.Invert ? "-inverted" : ""),
        "vs-" + _request.Axis.Token(),
        _view?.Split is { } split ? "by-" + split.Column : null,
        _request.Shots > 0 ? $"{_request.Shots}shot" : null,
        string.Join('+', _view?.Series.Select(s => _view.Split is null ? s.Name : s.Family).Distinct() ?? []));

    private void Go(ScalingRequest request) => Navigation.NavigateTo(
        DashboardUrls.ScalingUrl(_task!, request.Metric, request.Axis, request.Invert, request.Shots, request.HiddenFamilies, request.Split));

    private void OnTaskChanged(string task) => Navigation.NavigateTo(
        DashboardUrls.ScalingUrl(task, _request.Metric, _request.Axis, _request.Invert, _request.Shots));

    private void ToggleFamily(string family)
    {
        var hidden = _request.HiddenFamilies.ToHashSet(StringComparer.Ordinal);
        if (!hidden.Remove(family))
        {
            hidden.Add(family);
        }

        Go(_request with { HiddenFamilies = hidden });
    }

    private void OnRunChanged(RunRecord run)
    {
        if (run.TaskName == _task)
        {
            _refresh?.Request();
        }
    }

    private void OnCoordinatorChanged() => _refresh?.Request();

    public void Dispose()
    {
        Catalog.RunChanged -= OnRunChanged;
        Coordinator.Changed -= OnCoordinatorChanged;
        _refresh?.Dispose();
    }
}
