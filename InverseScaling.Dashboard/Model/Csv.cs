using System.Text;
using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// CSV text (RFC 4180, formula cells neutralised by the engine's <see cref="CsvWriter"/>): the data behind every chart
/// and grid, exported with one click.
/// </summary>
public static class Csv
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        CsvWriter.AppendRow(text, header, "\r\n");
        foreach (var row in rows)
        {
            CsvWriter.AppendRow(text, row, "\r\n");
        }

        return text.ToString();
    }

    /// <summary>A file name from its parts: lower case, safe characters, joined by '_' (task, metric, models…).</summary>
    public static string FileName(params string?[] parts)
    {
        var joined = string.Join('_', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        var safe = new StringBuilder(joined.Length);
        foreach (var c in joined)
        {
            safe.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return safe.ToString().Trim('-');
    }
}
