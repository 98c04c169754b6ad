using System.Globalization;
using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// The one CSV writer behind every export: the command line's per-example files and the dashboard's chart and grid
/// downloads. Cells are quoted as RFC 4180 asks, only where needed (class texts such as <c> A</c> stay bare, as
/// pandas writes them). A text cell that a spreadsheet would run as a formula — one starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, tab or carriage return (CSV injection, e.g. <c>=HYPERLINK(…)</c> in an imported class or a
/// prompt) — is neutralised as OWASP recommends: a leading apostrophe, which spreadsheets take as "this is text" and
/// do not show, and the cell quoted. Numbers are left alone: every log-probability starts with <c>-</c>.
/// </summary>
public static class CsvWriter
{
    private const NumberStyles PlainNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Appends one row and <paramref name="newline"/>.</summary>
    public static StringBuilder AppendRow(StringBuilder text, IEnumerable<string> cells, string newline)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            AppendCell(text, cell);
        }

        return text.Append(newline);
    }

    public static StringBuilder AppendCell(StringBuilder text, string cell)
    {
        if (IsFormula(cell))
        {
            return text.Append("\"'").Append(cell.Replace("\"", "\"\"")).Append('"');
        }

        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? text.Append('"').Append(cell.Replace("\"", "\"\"")).Append('"')
            : text.Append(cell);
    }

    /// <summary>
    /// The text a cell held before <see cref="AppendCell"/> neutralised it, so that files this program wrote read
    /// back to the same class texts; any other cell is returned as it is.
    /// </summary>
    public static string Unneutralise(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && IsFormula(cell[1..]) ? cell[1..] : cell;

    private static bool IsFormula(string cell) =>
        cell.Length > 0
        && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !double.TryParse(cell, PlainNumber, CultureInfo.InvariantCulture, out _);
}
