using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

/// <summary>The discovery view: <see cref="InverseScalingRanking"/> over everything stored, filtered by family and metric from the URL.</summary>
public sealed partial class Discovery
{
    private const string AnyMetric = "any";
    private const string AllFamilies = "";
    private const int SparkWidth = 90;
    private const int SparkHeight = 24;

    private IReadOnlyList<RankedCurve>? _rows;
    private IReadOnlyList<string> _families = [];
    private Dictionary<string, TaskDataset> _datasets = [];
    private DiscoveryViewState _state = new();

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Metric)]
    public string? Metric { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Family)]
    public string? Family { get; set; }

    /// <summary>The query values, read into <see cref="DiscoveryViewState"/> in one place.</summary>
    private DiscoveryQueryValues QueryValues => new() { Metric = Metric, Family = Family };

    // The menus' values: a metric's token or AnyMetric, a family or AllFamilies.
    private string MetricChoice => _state.Metric?.Token() ?? AnyMetric;

    private string FamilyChoice => _state.Family ?? AllFamilies;

    protected override bool Follows(DashboardChange change) => !change.IsJobs;

    protected override Task ReloadAsync() => LoadAsync();

    protected override async Task OnParametersSetAsync()
    {
        _state = DiscoveryViewState.FromQuery(QueryValues);
        await LoadAsync();
    }

    /// <summary>Ranks off the render thread: the bootstrap reads every per-example run.</summary>
    private async Task LoadAsync()
    {
        var metric = _state.Metric;
        var family = FamilyChoice;
        var (rows, families, datasets) = await Task.Run(() =>
        {
            var tasks = Catalog.Runs().GroupBy(r => r.TaskName).Select(g => (g.Key, (IReadOnlyList<RunRecord>)g.ToList()));
            var ranked = InverseScalingRanking.Rank(tasks, metric, Catalog.Results);
            return (
                ranked.Where(c => family == AllFamilies || c.Family == family).ToArray(),
                ranked.Select(c => c.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToArray(),
                Catalog.Datasets().GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First()));
        });
        _rows = rows;
        _families = families;
        _datasets = datasets;
    }

    private static string IntervalText(RankedCurve row) => row.Low is { } low && row.High is { } high
        ? $"[{low.ToString("+0.000;−0.000", CultureInfo.InvariantCulture)}, {high.ToString("+0.000;−0.000", CultureInfo.InvariantCulture)}]"
        : "—";

    private static string IntervalTitle(RankedCurve row) => row.Interval switch
    {
        StrengthInterval.Bootstrap => $"95 % bootstrap over examples ({InverseScalingRanking.BootstrapSamples} resamples)",
        StrengthInterval.Sem => "±1.96 standard errors of the slope, from each size's SEM (no per-example results)",
        _ => "no interval: some size has no standard error",
    };

    private void OnMetricChanged(string token) =>
        Navigation.NavigateTo(DashboardUrls.DiscoveryUrl(_state with { Metric = token == AnyMetric ? null : ScalingOptionText.ParseMetric(token) }));

    private void OnFamilyChanged(string family) =>
        Navigation.NavigateTo(DashboardUrls.DiscoveryUrl(_state with { Family = family == AllFamilies ? null : family }));
}
