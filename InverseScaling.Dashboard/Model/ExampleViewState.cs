using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The state shared by the examples grid, the example page and the scatter: task, models, the two models of the loss Δ,
/// the filter and the user's regex columns. Moving between those pages keeps it, so "the current filter" means the same
/// thing everywhere and a copied link reopens it.
/// </summary>
public sealed record ExampleViewState
{
    public required string Task { get; init; }

    public int Shots { get; init; }

    /// <summary>Models shown as columns; empty means every model with per-example results.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Model A of the loss Δ = loss(B) − loss(A) (<see cref="LossDelta"/>) and the scatter's x-axis (default: the smallest).</summary>
    public string? A { get; init; }

    /// <summary>Model B (default: the largest).</summary>
    public string? B { get; init; }

    public ExampleQuery Query { get; init; } = new();

    public IReadOnlyList<RegexColumn> RegexColumns { get; init; } = [];

    /// <summary>The query-string pairs, in a fixed order, empty values left out (so URLs stay short and comparable).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        yield return new(DashboardUrls.Query.Task, Task);
        if (Shots != 0)
        {
            yield return new(DashboardUrls.Query.Shots, Shots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var model in Models)
        {
            yield return new(DashboardUrls.Query.Model, model);
        }

        if (A is not null)
        {
            yield return new(DashboardUrls.Query.A, A);
        }

        if (B is not null)
        {
            yield return new(DashboardUrls.Query.B, B);
        }

        if (!string.IsNullOrWhiteSpace(Query.Text))
        {
            yield return new(DashboardUrls.Query.Text, Query.Text);
        }

        foreach (var model in Query.RightFor)
        {
            yield return new(DashboardUrls.Query.Right, model);
        }

        foreach (var model in Query.WrongFor)
        {
            yield return new(DashboardUrls.Query.Wrong, model);
        }

        foreach (var filter in Query.Metadata)
        {
            yield return new(DashboardUrls.Query.Meta, filter.Serialize());
        }

        foreach (var column in RegexColumns)
        {
            yield return new(DashboardUrls.Query.Regex, RegexColumnUrl.Serialize(column));
        }

        if (Query.Sort != ExampleQuery.IndexSort)
        {
            yield return new(DashboardUrls.Query.Sort, Query.Sort);
        }

        if (Query.Descending)
        {
            yield return new(DashboardUrls.Query.Descending, "true");
        }
    }

    /// <summary>Rebuilds the state from query values (as the pages receive them through [SupplyParameterFromQuery]).</summary>
    /// <param name="notes">Receives a note for each regex column in the URL that cannot be used.</param>
    public static ExampleViewState FromQuery(
        string task, int? shots, string[]? models, string? a, string? b, string? text, string[]? right, string[]? wrong,
        string[]? meta, string[]? regex, string? sort, bool? descending, ICollection<string>? notes = null) => new()
    {
        Task = task,
        Shots = shots ?? 0,
        Models = models ?? [],
        A = string.IsNullOrEmpty(a) ? null : a,
        B = string.IsNullOrEmpty(b) ? null : b,
        Query = new ExampleQuery
        {
            Text = string.IsNullOrWhiteSpace(text) ? null : text,
            RightFor = right ?? [],
            WrongFor = wrong ?? [],
            Metadata = MetadataFilter.ParseAll(meta),
            Sort = string.IsNullOrEmpty(sort) ? ExampleQuery.IndexSort : sort,
            Descending = descending ?? false,
        },
        RegexColumns = RegexColumnUrl.ParseAll(regex, notes),
    };

    /// <summary>The models actually shown: the requested ones that exist, else all.</summary>
    public IReadOnlyList<ModelColumn> ShownModels(TaskResults results)
    {
        var chosen = Models.Select(results.Model).OfType<ModelColumn>().ToList();
        return chosen.Count > 0 ? chosen : results.Models;
    }

    /// <summary>A and B resolved against the results: the requested ones, else the smallest and the largest shown model.</summary>
    public (ModelColumn? A, ModelColumn? B) DeltaModels(TaskResults results)
    {
        var shown = ShownModels(results).OrderBy(m => m.Run.Parameters ?? 0).ToList();
        var a = results.Model(A) ?? shown.FirstOrDefault();
        var b = results.Model(B) ?? shown.LastOrDefault();
        return (a, b);
    }
}
