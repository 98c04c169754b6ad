using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Scaling
{
    private IReadOnlyList<string> _tasks = [];
    private IReadOnlyList<int> _shotSettings = [];
    private string? _task;
    private TaskDataset? _dataset;
    private ScalingViewState _asked = new();
    private ScalingRequest _request = new();
    private ScalingView? _view;
    private PlotlyFigure? _figure;
    private bool _hasTokens;
    private bool _hasSteps;
    private bool _hasCompute;
    private IReadOnlyList<ScalingMetric> _otherMetrics = [];

    // The task's metadata columns, offered for splitting the curves when some run has per-example results.
    private IReadOnlyList<string> _splitColumns = [];

    // What the page could not use from its URL (see UrlNotes); the URL's own problems, then those found while loading.
    private readonly List<string> _urlNotes = [];
    private readonly List<string> _notes = [];

    [Inject]
    public required RunCoordinator Coordinator { get; init; }

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

    // The shown task's runs, and the queue: its live aggregates draw partial points between the store's writes.
    protected override bool Follows(DashboardChange change) => change.Concerns(_task);

    protected override void Reload() => Load();

    /// <summary>The query values, read into <see cref="ScalingViewState"/> in one place.</summary>
    private ScalingQueryValues QueryValues => new() { Task = Task, Metric = Metric, Axis = Axis, Invert = Invert, Shots = Shots, Hide = Hide ?? [], Split = Split };

    // Runs on query changes and when the cascaded chart style (theme, presentation mode) changes.
    protected override void OnParametersSet()
    {
        _urlNotes.Clear();
        _asked = ScalingViewState.FromQuery(QueryValues, _urlNotes);
        _request = _asked.Request;
        Load();
    }

    private void Load()
    {
        _notes.Clear();
        _notes.AddRange(_urlNotes);
        _tasks = Catalog.TasksWithResults();
        var asked = _asked.Task;
        _task = asked is not null && _tasks.Contains(asked) ? asked : _tasks is [var first, ..] ? first : null;
        if (_task is null)
        {
            _view = null;
            return;
        }

        if (asked is not null && asked != _task)
        {
            _notes.Add($"No results for a task named \"{asked}\"; showing {_task}.");
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

    private string MetricUrl(ScalingMetric metric) => Url(_task!, _request with { Metric = metric });

    private string FileName => Csv.FileName(
        _task,
        _request.Metric.Token() + (_request.Invert ? "-inverted" : ""),
        "vs-" + _request.Axis.Token(),
        _view?.Split is { } split ? "by-" + split.Column : null,
        _request.Shots > 0 ? $"{_request.Shots}shot" : null,
        string.Join('+', _view?.Series.Select(s => _view.Split is null ? s.Name : s.Family).Distinct() ?? []));

    private static string Url(string task, ScalingRequest request) => DashboardUrls.ScalingUrl(new ScalingViewState { Task = task, Request = request });

    private void Go(ScalingRequest request) => Navigation.NavigateTo(Url(_task!, request));

    // Another task has other families and other metadata columns: neither the hidden families nor the split carry over.
    private void OnTaskChanged(string task) => Navigation.NavigateTo(Url(task, _request with { HiddenFamilies = [], Split = null }));

    private void ToggleFamily(string family)
    {
        var hidden = _request.HiddenFamilies.ToHashSet(StringComparer.Ordinal);
        if (!hidden.Remove(family))
        {
            hidden.Add(family);
        }

        Go(_request with { HiddenFamilies = hidden });
    }
}
