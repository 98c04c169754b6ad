using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Overview
{
    private IReadOnlyList<OverviewCard> _cards = [];

    // Built when the cards are (not in the markup): a re-render does not redraw every mini chart.
    private Dictionary<OverviewCard, PlotlyFigure> _figures = [];
    private IReadOnlyList<int> _shotSettings = [];
    private Dictionary<string, TaskDataset> _datasets = [];
    private ScalingMetric _metric;
    private int _shots;

    [Inject]
    public required RunCoordinator Coordinator { get; init; }

    [Inject]
    public required ChartDeck Deck { get; init; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Metric)]
    public string? Metric { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Shots)]
    public string? Shots { get; set; }

    private readonly List<string> _notes = [];

    // Every stored run's card; live partial points come with the store's per-batch writes.
    protected override bool Follows(DashboardChange change) => !change.IsJobs;

    protected override void Reload() => Load();

    /// <summary>The query values, read into <see cref="OverviewViewState"/> in one place.</summary>
    private OverviewQueryValues QueryValues => new() { Metric = Metric, Shots = Shots };

    protected override void OnParametersSet()
    {
        _notes.Clear();
        var asked = OverviewViewState.FromQuery(QueryValues, _notes);
        _metric = asked.Metric;
        _shots = asked.Shots;
        Load();
    }

    private void Load()
    {
        var runs = Catalog.Runs();
        _shotSettings = RunSelection.ShotSettings(runs);
        if (_shotSettings.Count > 0 && !_shotSettings.Contains(_shots))
        {
            _notes.Add($"No {_shots}-shot results; showing {_shotSettings[0]}-shot.");
            _shots = _shotSettings[0];
        }
        _datasets = Catalog.Datasets().GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First());
        var tasks = runs.GroupBy(r => r.TaskName)
            .Select(g => (g.Key, _datasets.GetValueOrDefault(g.Key)?.Origin, (IReadOnlyList<RunRecord>)g.ToList()));
        _cards = OverviewView.Build(tasks, _metric, _shots, Coordinator.LiveAggregates);
        _figures = _cards.ToDictionary(c => c, c => ScalingFigure.Build(c.MiniView, Palette, Style, compact: true));
    }

    private static string ChartId(OverviewCard card) => "mini-" + Csv.FileName(card.Task, card.Family);

    private void OnMetricChanged(ScalingMetric metric) => Navigation.NavigateTo(DashboardUrls.OverviewUrl(metric, _shots));

    private void OnShotsChanged(int shots) => Navigation.NavigateTo(DashboardUrls.OverviewUrl(_metric, shots));
}
