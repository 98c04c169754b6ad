using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.RunPanels;

public sealed partial class LiveJobs
{
    // Shorter than the pages' interval: this is the panel a user watches while a run scores.
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(400);

    private IReadOnlyList<RunJob> _jobs = [];
    private ScalingView? _liveView;
    private PlotlyFigure? _liveFigure;
    private IDisposable? _changes;

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required RunCoordinator Coordinator { get; init; }

    [Inject]
    public required DashboardChanges Changes { get; init; }

    [Inject]
    public required ChartPalette Palette { get; init; }

    [CascadingParameter]
    public ChartStyle ChartStyle { get; set; } = ChartStyle.Default;

    // Every change: queue changes move the progress bars, stored writes the live curve's other points.
    protected override void OnInitialized() =>
        _changes = Changes.Subscribe(nameof(LiveJobs), _ => true, () => InvokeAsync(() => { Load(); StateHasChanged(); }), RefreshInterval);

    protected override void OnParametersSet() => Load();

    private void Load()
    {
        _jobs = Coordinator.Jobs.Reverse().ToList();

        // The live chart follows the most recent job: its family's curve on its task, partial points included.
        var focus = _jobs.FirstOrDefault(j => j.IsActive) ?? (_jobs is [var first, ..] ? first : null);
        if (focus is null)
        {
            (_liveView, _liveFigure) = (null, null);
            return;
        }

        var runs = Catalog.Runs(focus.Task.Name);
        var others = runs.Select(r => r.Family).Where(f => f != focus.Model.Manifest.Family).Distinct().ToList();
        _liveView = ScalingView.Build(
            focus.Task.Name, runs, new ScalingRequest { Shots = focus.Settings.Shots, HiddenFamilies = others }, Coordinator.LiveAggregates, _ => null);
        _liveFigure = ScalingFigure.Build(_liveView, Palette, ChartStyle);
    }

    private static string JobText(RunJob job) => job.State switch
    {
        RunJobState.Queued => "queued",
        RunJobState.Running => $"{job.Completed.ToString("N0", CultureInfo.InvariantCulture)} / {job.Total.ToString("N0", CultureInfo.InvariantCulture)}"
            + (job.TokensPerSecond > 0 ? $" · {job.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture)} tokens/s" : ""),
        RunJobState.Done => job.FromCache ? "done (from the cache)" : $"done: {job.Completed.ToString("N0", CultureInfo.InvariantCulture)} examples",
        RunJobState.Cancelled => $"cancelled at {job.Completed.ToString("N0", CultureInfo.InvariantCulture)} (resumes from there next time)",
        RunJobState.Failed => "failed: " + job.Error,
        _ => job.State.ToString(),
    };

    public void Dispose() => _changes?.Dispose();
}
