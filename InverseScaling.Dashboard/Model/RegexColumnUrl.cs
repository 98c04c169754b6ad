using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// User regex columns (<see cref="RegexColumn"/>) travel in the URL as <c>rx=name=pattern</c>, so a shared link shows
/// the same columns.
/// </summary>
public static class RegexColumnUrl
{
    public static string Serialize(RegexColumn column) => $"{column.Name}={column.Pattern}";

    /// <summary>Parses the URL form; entries that are malformed or fail <see cref="RegexColumn.Compile"/> are dropped
    /// (a hand-edited link must not break the page), each with a note saying why when <paramref name="notes"/> is given.</summary>
    public static IReadOnlyList<RegexColumn> ParseAll(IEnumerable<string>? serialized, ICollection<string>? notes = null)
    {
        var columns = new List<RegexColumn>();
        foreach (var item in serialized ?? [])
        {
            var split = item.IndexOf('=');
            string? error = "write it as name=pattern.";
            if (split > 0 && TryCreate(item[..split], item[(split + 1)..], out var column, out error))
            {
                columns.Add(column!);
            }
            else
            {
                notes?.Add($"Ignored {DashboardUrls.Query.Regex}={item}: {error}");
            }
        }

        return columns;
    }

    /// <summary>Validates a column typed into the dashboard; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryCreate(string? name, string? pattern, out RegexColumn? column, out string? error)
    {
        column = null;
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Contains('='))
        {
            error = "Give the column a name (without '=').";
            return false;
        }

        var candidate = new RegexColumn(name, pattern ?? "");
        try
        {
            candidate.Compile();
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }

        (column, error) = (candidate, null);
        return true;
    }
}
