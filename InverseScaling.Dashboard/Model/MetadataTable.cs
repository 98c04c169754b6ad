using System.Globalization;
using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Metadata columns by name, each a value per row: the dataset's own columns, the engine's built-in derived columns
/// (<see cref="MetadataColumns"/>: answer, round, part, shots, prompt length, pattern template, repetitions…) and any
/// user regex columns. Everything the dashboard filters, colours, facets or groups by.
/// </summary>
public sealed class MetadataTable
{
    private readonly Dictionary<string, string[]> _columns;

    private MetadataTable(IReadOnlyList<string> names, Dictionary<string, string[]> columns)
    {
        Names = names;
        _columns = columns;
    }

    public IReadOnlyList<string> Names { get; }

    public bool Contains(string? name) => name is not null && _columns.ContainsKey(name);

    public string Value(string column, int row) => _columns.TryGetValue(column, out var values) ? values[row] : "";

    public IReadOnlyList<string> Values(string column) => _columns.TryGetValue(column, out var values) ? values : [];

    /// <summary>Distinct values of a column, numerically ordered when they are all numbers.</summary>
    public IReadOnlyList<string> DistinctValues(string column)
    {
        var distinct = Values(column).Distinct(StringComparer.Ordinal).ToList();
        return IsNumeric(distinct)
            ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : distinct.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public bool IsNumericColumn(string column) => IsNumeric(Values(column));

    /// <summary>The dataset's columns plus the built-in and <paramref name="userColumns"/> derived ones.</summary>
    /// <exception cref="ArgumentException">A user column is invalid; the message names it.</exception>
    public static MetadataTable For(TaskDataset dataset, IReadOnlyList<RegexColumn>? userColumns = null)
    {
        var task = MetadataColumns.Apply(dataset, userColumns ?? []);
        var columns = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in task.MetadataColumns)
        {
            columns[name] = task.Examples.Select(e => e.Metadata.GetValueOrDefault(name) ?? "").ToArray();
        }

        return new MetadataTable(task.MetadataColumns, columns);
    }

    private static bool IsNumeric(IReadOnlyCollection<string> values) =>
        values.Count > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
