using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The overview's view state, all of it in the URL (as <see cref="ScalingViewState"/> is the scaling page's): the metric
/// the cards draw and the k-shot setting. <see cref="ToQuery"/> writes it for <see cref="DashboardUrls.OverviewUrl(OverviewViewState)"/>,
/// <see cref="FromQuery"/> reads it back from the page's query values, so a link reopens the same view.
/// </summary>
public sealed record OverviewViewState
{
    /// <summary>Loss or accuracy: the cards are small and have one axis, the other metrics are on the scaling page.</summary>
    public ScalingMetric Metric { get; init; } = ScalingMetric.Loss;

    public int Shots { get; init; }

    /// <summary>The query-string pairs, in a fixed order, defaults left out (so URLs stay short and comparable).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        if (Metric != ScalingMetric.Loss)
        {
            yield return new(DashboardUrls.Query.Metric, Metric.Token());
        }

        if (Shots != 0)
        {
            yield return new(DashboardUrls.Query.Shots, Shots.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Reads the state back; a value that cannot be used (a metric other than loss or accuracy among them) is left at its default and noted.</summary>
    public static OverviewViewState FromQuery(OverviewQueryValues values, ICollection<string> notes)
    {
        var metric = ScalingOptionText.ParseMetric(values.Metric, notes);
        if (metric is not (ScalingMetric.Loss or ScalingMetric.Accuracy))
        {
            notes.Add($"The overview shows loss or accuracy; {metric.Noun()} is on the scaling page. Showing loss.");
            metric = ScalingMetric.Loss;
        }

        return new OverviewViewState { Metric = metric, Shots = QueryValue.Int(values.Shots, DashboardUrls.Query.Shots, notes) ?? 0 };
    }
}

/// <summary>The overview's query values as the URL carries them (strings: <see cref="QueryValue"/> says why).</summary>
public sealed record OverviewQueryValues
{
    public string? Metric { get; init; }

    public string? Shots { get; init; }
}
