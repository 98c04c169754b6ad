using System.Globalization;
using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Metadata columns by name, each a value per row: the dataset's own columns (template, repetitions, …), round and part,
/// the answer, and any user regex columns. Everything the dashboard filters, colours, facets or groups by.
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

    public static MetadataTable For(TaskDataset dataset)
    {
        var examples = dataset.Examples;
        var names = new List<string>();
        var columns = new Dictionary<string, string[]>(StringComparer.Ordinal);

        void Add(string name, Func<TaskExample, string> value)
        {
            if (columns.ContainsKey(name))
            {
                return;
            }

            var values = new string[examples.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = value(examples[i]);
            }

            names.Add(name);
            columns[name] = values;
        }

        var declared = dataset.MetadataColumns
            .Concat(examples.SelectMany(e => e.Metadata.Keys))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var name in declared)
        {
            Add(name, e => e.Metadata.GetValueOrDefault(name) ?? "");
        }

        // The answer (as text) is the most common thing to group by; round and part come with the official files.
        if (dataset.Type == TaskType.Classification)
        {
            Add("answer", e => (uint)e.AnswerIndex < (uint)e.Classes.Count ? e.Classes[e.AnswerIndex].Trim() : "");
        }

        if (examples.Any(e => e.Round is not null))
        {
            Add("round", e => e.Round?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        if (examples.Any(e => e.Part is not null))
        {
            Add("part", e => e.Part?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        return new MetadataTable(names, columns);
    }

    /// <summary>This table plus user regex columns, computed over the prompts (a column whose name exists is skipped).</summary>
    public MetadataTable With(TaskDataset dataset, IReadOnlyList<RegexColumnSpec> regexColumns)
    {
        if (regexColumns.Count == 0)
        {
            return this;
        }

        var names = Names.ToList();
        var columns = new Dictionary<string, string[]>(_columns, StringComparer.Ordinal);
        foreach (var spec in regexColumns.Where(s => !columns.ContainsKey(s.Name)))
        {
            columns[spec.Name] = dataset.Examples.Select(e => spec.Extract(e.Prompt)).ToArray();
            names.Add(spec.Name);
        }

        return new MetadataTable(names, columns);
    }

    private static bool IsNumeric(IReadOnlyCollection<string> values) =>
        values.Count > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
