namespace InverseScaling.Dashboard.Cli;

/// <summary>A plain-text table with aligned columns: numbers right-aligned, text left-aligned.</summary>
internal sealed class ConsoleTable(params ConsoleTable.Column[] columns)
{
    public sealed record Column(string Header, bool AlignRight = false);

    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public void AddRow(params string[] cells)
    {
        if (cells.Length != columns.Length)
        {
            throw new ArgumentException($"Expected {columns.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "  ")
    {
        var widths = columns.Select((c, i) => _rows.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        writer.WriteLine(indent + FormatLine(columns.Select(c => c.Header).ToArray(), widths));
        writer.WriteLine(indent + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            writer.WriteLine(indent + FormatLine(row, widths));
        }
    }

    private string FormatLine(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
}
