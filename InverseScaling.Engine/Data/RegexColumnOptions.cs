namespace InverseScaling.Engine.Data;

/// <summary>
/// A user regex column as written in appsettings.json, under <c>InverseScaling:MetadataColumns</c>:
/// <c>{ "Name": "reps", "Pattern": "repeated (\\d+) times" }</c>. Settable, so configuration binding fills it;
/// <see cref="ToRegexColumn"/> gives the <see cref="RegexColumn"/> that <see cref="MetadataColumns.Apply"/> takes.
/// </summary>
public sealed class RegexColumnOptions
{
    public string Name { get; set; } = "";

    /// <summary>A .NET regular expression; its first capture group is the column's value.</summary>
    public string Pattern { get; set; } = "";

    public RegexColumn ToRegexColumn() => new(Name, Pattern);

    /// <summary>The columns as <see cref="MetadataColumns.Apply"/> takes them, in the configured order.</summary>
    public static IReadOnlyList<RegexColumn> ToRegexColumns(IEnumerable<RegexColumnOptions> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return [.. columns.Select(c => c.ToRegexColumn())];
    }

    /// <summary>
    /// Every problem with the configured columns, each naming its configuration key and the column: a name missing,
    /// built in or used twice, a pattern that does not compile or has no capture group. Empty when all are usable,
    /// so a bad column stops the app at start-up rather than failing on the first page that applies it.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<RegexColumnOptions?> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var errors = new List<string>();
        var names = new HashSet<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var key = $"{EngineOptions.SectionName}:{nameof(EngineOptions.MetadataColumns)}:{i}";
            if (columns[i] is not { } column)
            {
                errors.Add($"{key}: the entry is empty; give it a \"{nameof(Name)}\" and a \"{nameof(Pattern)}\".");
                continue;
            }

            try
            {
                column.ToRegexColumn().Compile();
            }
            catch (ArgumentException e)
            {
                errors.Add($"{key}: {e.Message}");
                continue;
            }

            if (!names.Add(column.Name))
            {
                errors.Add($"{key}: Metadata column \"{column.Name}\" is defined twice.");
            }
        }

        return errors;
    }
}
