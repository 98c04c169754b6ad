using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The scaling page's view state, all of it in the URL (as <see cref="ExampleViewState"/> is the examples pages'):
/// the task and what is drawn. <see cref="ToQuery"/> writes it for <see cref="DashboardUrls.ScalingUrl(ScalingViewState)"/>,
/// <see cref="FromQuery"/> reads it back from the page's query values, so a link reopens the same view.
/// </summary>
public sealed record ScalingViewState
{
    /// <summary>The task asked for; null opens the first task with results.</summary>
    public string? Task { get; init; }

    public ScalingRequest Request { get; init; } = new();

    /// <summary>The query-string pairs, in a fixed order, defaults left out (so URLs stay short and comparable).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        yield return new(DashboardUrls.Query.Task, Task);
        if (Request.Metric != ScalingMetric.Loss)
        {
            yield return new(DashboardUrls.Query.Metric, Request.Metric.Token());
        }

        if (Request.Axis != ScalingAxis.Parameters)
        {
            yield return new(DashboardUrls.Query.Axis, Request.Axis.Token());
        }

        if (Request.Invert)
        {
            yield return new(DashboardUrls.Query.Invert, "true");
        }

        if (Request.Shots != 0)
        {
            yield return new(DashboardUrls.Query.Shots, Request.Shots.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var family in Request.HiddenFamilies.Order(StringComparer.Ordinal))
        {
            yield return new(DashboardUrls.Query.Hide, family);
        }

        if (Request.Split is { } split)
        {
            yield return new(DashboardUrls.Query.Split, split);
        }
    }

    /// <summary>Reads the state back; a value that cannot be used is left at its default and noted.</summary>
    public static ScalingViewState FromQuery(ScalingQueryValues values, ICollection<string> notes) => new()
    {
        Task = values.Task,
        Request = new ScalingRequest
        {
            Metric = ScalingOptionText.ParseMetric(values.Metric, notes),
            Axis = ScalingOptionText.ParseAxis(values.Axis, notes),
            Invert = QueryValue.Bool(values.Invert, DashboardUrls.Query.Invert, notes) ?? false,
            Shots = QueryValue.Int(values.Shots, DashboardUrls.Query.Shots, notes) ?? 0,
            HiddenFamilies = values.Hide,
            Split = string.IsNullOrEmpty(values.Split) ? null : values.Split,
        },
    };
}

/// <summary>The scaling page's query values as the URL carries them (strings: <see cref="QueryValue"/> says why).</summary>
public sealed record ScalingQueryValues
{
    public string? Task { get; init; }

    public string? Metric { get; init; }

    public string? Axis { get; init; }

    public string? Invert { get; init; }

    public string? Shots { get; init; }

    public IReadOnlyList<string> Hide { get; init; } = [];

    /// <summary>The metadata column the curves are split by.</summary>
    public string? Split { get; init; }
}
