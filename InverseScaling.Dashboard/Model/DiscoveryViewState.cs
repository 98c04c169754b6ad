namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The discovery page's view state, all of it in the URL (as <see cref="ScalingViewState"/> is the scaling page's): the
/// metric the curves are ranked on and the family shown. <see cref="ToQuery"/> writes it for
/// <see cref="DashboardUrls.DiscoveryUrl(DiscoveryViewState)"/>, <see cref="FromQuery"/> reads it back from the page's
/// query values, so a link reopens the same view.
/// </summary>
public sealed record DiscoveryViewState
{
    /// <summary>Loss or accuracy; null ranks each curve on loss where it has it, else on accuracy.</summary>
    public ScalingMetric? Metric { get; init; }

    /// <summary>Only this family; null for all.</summary>
    public string? Family { get; init; }

    /// <summary>The query-string pairs, in a fixed order, defaults left out (so URLs stay short and comparable).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        if (Metric is { } metric)
        {
            yield return new(DashboardUrls.Query.Metric, metric.Token());
        }

        if (!string.IsNullOrEmpty(Family))
        {
            yield return new(DashboardUrls.Query.Family, Family);
        }
    }

    /// <summary>
    /// Reads the state back. Any metric token other than loss's or accuracy's ranks on "loss, else accuracy", the page's
    /// first choice, without a note: the metric menu shows what is ranked.
    /// </summary>
    public static DiscoveryViewState FromQuery(DiscoveryQueryValues values) => new()
    {
        Metric = values.Metric == ScalingMetric.Loss.Token() ? ScalingMetric.Loss
            : values.Metric == ScalingMetric.Accuracy.Token() ? ScalingMetric.Accuracy
            : null,
        Family = string.IsNullOrEmpty(values.Family) ? null : values.Family,
    };
}

/// <summary>The discovery page's query values as the URL carries them (strings: <see cref="QueryValue"/> says why).</summary>
public sealed record DiscoveryQueryValues
{
    public string? Metric { get; init; }

    public string? Family { get; init; }
}
