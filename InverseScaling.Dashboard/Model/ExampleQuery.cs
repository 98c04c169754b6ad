using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>A metadata filter: rows whose <see cref="Column"/> equals <see cref="Value"/>. URL form <c>column=value</c>.</summary>
public sealed record MetadataFilter(string Column, string Value)
{
    public string Serialize() => $"{Column}={Value}";

    public static IReadOnlyList<MetadataFilter> ParseAll(IEnumerable<string>? serialized) =>
        (serialized ?? [])
            .Select(s => (s, i: s.IndexOf('=')))
            .Where(t => t.i > 0)
            .Select(t => new MetadataFilter(t.s[..t.i], t.s[(t.i + 1)..]))
            .ToList();
}

/// <summary>
/// Everything that decides which examples a view shows and in what order. The examples grid, the example page's
/// previous/next and the scatter all read it from the URL, so they agree on "the current filter".
/// </summary>
public sealed record ExampleQuery
{
    public const string IndexSort = "index";
    public const string DeltaSort = "delta";
    public const string LossSortPrefix = "loss:";
    public const string MetadataSortPrefix = "meta:";

    /// <summary>Case-insensitive text that the prompt or a class must contain.</summary>
    public string? Text { get; init; }

    /// <summary>Models that must have the example right (the correctness pattern).</summary>
    public IReadOnlyList<string> RightFor { get; init; } = [];

    /// <summary>Models that must have the example wrong.</summary>
    public IReadOnlyList<string> WrongFor { get; init; } = [];

    public IReadOnlyList<MetadataFilter> Metadata { get; init; } = [];

    /// <summary><see cref="IndexSort"/>, <see cref="DeltaSort"/>, <c>loss:MODEL</c> or <c>meta:COLUMN</c>.</summary>
    public string Sort { get; init; } = IndexSort;

    public bool Descending { get; init; }

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Text) || RightFor.Count > 0 || WrongFor.Count > 0 || Metadata.Count > 0;
}

/// <summary>Applies an <see cref="ExampleQuery"/> to a <see cref="TaskResults"/>: row positions, filtered and sorted.</summary>
public static class ExampleFilter
{
    /// <param name="deltaA">Model A of the loss Δ (A − B) column and sort.</param>
    /// <param name="deltaB">Model B of the loss Δ.</param>
    public static int[] Apply(TaskResults results, MetadataTable metadata, ExampleQuery query, string? deltaA, string? deltaB)
    {
        ArgumentNullException.ThrowIfNull(results);
        var examples = results.Dataset.Examples;
        var right = query.RightFor.Select(results.Model).OfType<ModelColumn>().ToArray();
        var wrong = query.WrongFor.Select(results.Model).OfType<ModelColumn>().ToArray();
        var filters = query.Metadata.Where(f => metadata.Contains(f.Column)).ToArray();
        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim();

        var rows = new List<int>(examples.Count);
        for (var row = 0; row < examples.Count; row++)
        {
            if (right.Any(m => m.Correct(row) != true) || wrong.Any(m => m.Correct(row) != false))
            {
                continue;
            }

            if (filters.Any(f => !string.Equals(metadata.Value(f.Column, row), f.Value, StringComparison.Ordinal)))
            {
                continue;
            }

            if (text is not null && !Matches(examples[row], text))
            {
                continue;
            }

            rows.Add(row);
        }

        var keys = SortKeys(results, metadata, query.Sort, deltaA, deltaB);
        var ordered = rows.ToArray();
        if (keys is not null)
        {
            // Missing values (NaN: no result yet) go last in both directions; ties keep index order (stable).
            var comparer = Comparer<int>.Create((a, b) =>
            {
                var (x, y) = (keys[a], keys[b]);
                var byValue = (double.IsNaN(x), double.IsNaN(y)) switch
                {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, true) => -1,
                    _ => query.Descending ? y.CompareTo(x) : x.CompareTo(y),
                };
                return byValue != 0 ? byValue : a.CompareTo(b);
            });
            Array.Sort(ordered, comparer);
        }
        else if (query.Descending)
        {
            Array.Reverse(ordered);
        }

        return ordered;
    }

    /// <summary>Loss of A minus loss of B for one row (NaN when either has no result).</summary>
    public static double Delta(ModelColumn? a, ModelColumn? b, int row) =>
        a is null || b is null ? double.NaN : a.Loss(row) - b.Loss(row);

    private static bool Matches(Engine.Data.TaskExample example, string text) =>
        example.Prompt.Contains(text, StringComparison.OrdinalIgnoreCase)
        || example.Classes.Any(c => c.Contains(text, StringComparison.OrdinalIgnoreCase))
        || (example.Completion?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (example.OtherPrompt?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>Numeric sort key per row, or null for index order.</summary>
    private static double[]? SortKeys(TaskResults results, MetadataTable metadata, string sort, string? deltaA, string? deltaB)
    {
        var n = results.RowCount;
        if (sort == ExampleQuery.DeltaSort)
        {
            var (a, b) = (results.Model(deltaA), results.Model(deltaB));
            return a is null || b is null ? null : Enumerable.Range(0, n).Select(r => Delta(a, b, r)).ToArray();
        }

        if (sort.StartsWith(ExampleQuery.LossSortPrefix, StringComparison.Ordinal))
        {
            var model = results.Model(sort[ExampleQuery.LossSortPrefix.Length..]);
            return model is null ? null : Enumerable.Range(0, n).Select(model.Loss).ToArray();
        }

        if (sort.StartsWith(ExampleQuery.MetadataSortPrefix, StringComparison.Ordinal))
        {
            var column = sort[ExampleQuery.MetadataSortPrefix.Length..];
            if (!metadata.Contains(column))
            {
                return null;
            }

            // Numeric columns sort by value; text columns by their rank in ordinal order.
            var values = metadata.Values(column);
            if (metadata.IsNumericColumn(column))
            {
                return values.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            }

            var rank = values.Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase)
                .Select((v, i) => (v, i)).ToDictionary(t => t.v, t => (double)t.i, StringComparer.Ordinal);
            return values.Select(v => rank[v]).ToArray();
        }

        return null;
    }
}
