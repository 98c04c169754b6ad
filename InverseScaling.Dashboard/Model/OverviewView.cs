using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>One small multiple: a task × family curve with its verdict.</summary>
public sealed record OverviewCard(string Task, TaskOrigin? Origin, ScalingSeries Series, ScalingView View)
{
    public string Family => Series.Family;

    /// <summary>A view holding only this card's series, for the mini chart.</summary>
    public ScalingView MiniView => View with { Series = [Series] };
}

/// <summary>The overview's cards: every task × family with results, verdicts on the chosen metric.</summary>
public static class OverviewView
{
    public static IReadOnlyList<OverviewCard> Build(
        IEnumerable<(string Task, TaskOrigin? Origin, IReadOnlyList<RunRecord> Runs)> tasks,
        ScalingMetric metric,
        int shots,
        IReadOnlyDictionary<string, AggregateMetrics> live)
    {
        var request = new ScalingRequest { Metric = metric, Axis = ScalingAxis.Parameters, Shots = shots };
        return tasks
            .Select(t => (t.Task, t.Origin, View: ScalingView.Build(t.Task, t.Runs, request, live, _ => null)))
            .SelectMany(t => t.View.Series.Select(s => new OverviewCard(t.Task, t.Origin, s, t.View)))
            .OrderBy(c => c.Task, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Family, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
