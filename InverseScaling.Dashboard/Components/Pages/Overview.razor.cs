using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Overview : IDisposable
{
    private IReadOnlyList<OverviewCard> _cards = [];
    private IReadOnlyList<int> _shotSettings = [];
    private Dictionary<string, TaskDataset> _datasets = [];
    private ScalingMetric _metric;
    private int _shots;
    private RefreshThrottle? _refresh;

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

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Metric)]
    public string? MetricToken { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Shots)]
    public int? Shots { get; set; }

    protected override void OnInitialized()
    {
        _refresh = new RefreshThrottle(() => InvokeAsync(() => { Load(); StateHasChanged(); }));
        Catalog.RunChanged += OnRunChanged;
    }

    protected override void OnParametersSet()
    {
        _metric = ScalingOptionText.ParseMetric(MetricToken) is var m && m == ScalingMetric.Accuracy ? m : ScalingMetric.Loss;
        _shots = Shots ?? 0;
        Load();
    }

    private void Load()
    {
        var runs = Catalog.Runs();
        _shotSettings = RunSelection.ShotSettings(runs);
        _datasets = Catalog.Datasets().GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First());
        var tasks = runs.GroupBy(r => r.TaskName)
            .Select(g => (g.Key, _datasets.GetValueOrDefault(g.Key)?.Origin, (IReadOnlyList<RunRecord>)g.ToList()));
        _cards = OverviewView.Build(tasks, _metric, _shots, Coordinator.LiveAggregates);
    }

    private static string ChartId(OverviewCard card) => "mini-" + Csv.FileName(card.Task, card.Family);

    private void OnMetricChanged(ScalingMetric metric) => Navigation.NavigateTo(DashboardUrls.OverviewUrl(metric, _shots));

    private void OnShotsChanged(int shots) => Navigation.NavigateTo(DashboardUrls.OverviewUrl(_metric, shots));

    private void OnRunChanged(RunRecord run) => _refresh?.Request();

    public void Dispose()
    {
        Catalog.RunChanged -= OnRunChanged;
        _refresh?.Dispose();
    }
}
