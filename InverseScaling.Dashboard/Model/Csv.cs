using System.Text;

namespace InverseScaling.Dashboard.Model;

/// <summary>RFC 4180 CSV text: the data behind every chart and grid, exported with one click.</summary>
public static class Csv
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, header);
        foreach (var row in rows)
        {
            AppendRow(text, row);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }

        text.Append("\r\n");
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
