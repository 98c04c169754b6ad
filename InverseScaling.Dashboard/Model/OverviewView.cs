using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>One small multiple: a task × family curve with its verdict.</summary>
public sealed record OverviewCard(string Task, TaskOrigin? Origin, ScalingSeries Series, ScalingView View)
{
    /// <summary>The metric the card shows: the requested one, or the other when the family's sources lack it.</summary>
    public ScalingMetric Metric => View.Request.Metric;

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
        // Some sources publish only accuracy (lm-eval v0.3) or only loss: such a family is shown on the other metric
        // rather than left out, and the card says which metric it shows.
        var fallback = request with { Metric = metric == ScalingMetric.Loss ? ScalingMetric.Accuracy : ScalingMetric.Loss };
        var cards = new List<OverviewCard>();
        foreach (var (task, origin, runs) in tasks)
        {
            var view = ScalingView.Build(task, runs, request, live, _ => null);
            cards.AddRange(view.Series.Select(s => new OverviewCard(task, origin, s, view)));
            var missing = view.Families.Except(view.Series.Select(s => s.Family)).ToHashSet(StringComparer.Ordinal);
            if (missing.Count > 0)
            {
                var other = ScalingView.Build(task, runs, fallback with { HiddenFamilies = view.Families.Except(missing).ToList() }, live, _ => null);
                cards.AddRange(other.Series.Select(s => new OverviewCard(task, origin, s, other)));
            }
        }

        return cards
            .OrderBy(c => c.Task, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Family, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
