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

    /// <summary>
    /// Rebuilds the state from the page's query values, for the task and k-shot setting the page resolved from them
    /// (<see cref="TaskChoice.Resolve"/>). A value that cannot be used is left at its default and noted.
    /// </summary>
    public static ExampleViewState FromQuery(string task, int shots, ExampleQueryValues values, ICollection<string> notes) => new()
    {
        Task = task,
        Shots = shots,
        Models = values.Models,
        A = string.IsNullOrEmpty(values.A) ? null : values.A,
        B = string.IsNullOrEmpty(values.B) ? null : values.B,
        Query = new ExampleQuery
        {
            Text = string.IsNullOrWhiteSpace(values.Text) ? null : values.Text,
            RightFor = values.Right,
            WrongFor = values.Wrong,
            Metadata = MetadataFilter.ParseAll(values.Meta),
            Sort = string.IsNullOrEmpty(values.Sort) ? ExampleQuery.IndexSort : values.Sort,
            Descending = QueryValue.Bool(values.Descending, DashboardUrls.Query.Descending, notes) ?? false,
        },
        RegexColumns = RegexColumnUrl.ParseAll(values.Regex, notes),
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

/// <summary>
/// The examples pages' query values as the URL carries them (strings: <see cref="QueryValue"/> says why), read into an
/// <see cref="ExampleViewState"/> by <see cref="ExampleViewState.FromQuery"/>; <see cref="ExampleViewState.ToQuery"/> writes them.
/// </summary>
public sealed record ExampleQueryValues
{
    public string? Task { get; init; }

    public string? Shots { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    public string? A { get; init; }

    public string? B { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<string> Right { get; init; } = [];

    public IReadOnlyList<string> Wrong { get; init; } = [];

    public IReadOnlyList<string> Meta { get; init; } = [];

    public IReadOnlyList<string> Regex { get; init; } = [];

    public string? Sort { get; init; }

    public string? Descending { get; init; }

    /// <summary>Every model name the query asks for, with the key that names it (for notes on names the task lacks).</summary>
    public IEnumerable<(string Key, string? Model)> AskedModels() =>
    [
        .. Models.Select(m => (DashboardUrls.Query.Model, (string?)m)),
        (DashboardUrls.Query.A, A),
        (DashboardUrls.Query.B, B),
        .. Right.Select(m => (DashboardUrls.Query.Right, (string?)m)),
        .. Wrong.Select(m => (DashboardUrls.Query.Wrong, (string?)m)),
    ];
}
