using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Reads CSV with a header line (RFC 4180 quoting, newlines inside quoted fields) into raw rows: the submission form
/// of a task file (<c>prompt,classes,answer_index</c>) and the pipeline's result tables. pandas' <c>to_csv</c> output,
/// whose first header cell is empty (the unnamed index column, as in NeQA's <c>data.csv</c>), has that column skipped.
/// </summary>
internal static class CsvRows
{
    private const string EarlyPrompt = "filled_template";
    private const string EarlyAnswerIndex = "answer_ix";

    /// <summary>Reads a task file: besides the checks of <see cref="Read(string, string, List{DatasetIssue})"/>, the header must name the task columns.</summary>
    public static List<RawRow> ReadTaskFile(string text, string file, List<DatasetIssue> errors) =>
        Stream(new StringReader(text), file, errors, taskFile: true).ToList();

    /// <summary>Reads any CSV table with a header; every malformed line is reported in <paramref name="errors"/>.</summary>
    public static List<RawRow> Read(string text, string file, List<DatasetIssue> errors) =>
        Stream(new StringReader(text), file, errors, taskFile: false).ToList();

    /// <summary>
    /// The rows of a CSV table with a header, read as they are enumerated: a results file of hundreds of MB is never
    /// held whole. A malformed line ends the enumeration with its issue in <paramref name="errors"/>, so a caller
    /// checks <paramref name="errors"/> after the loop (rows before the bad line have been yielded by then).
    /// </summary>
    public static IEnumerable<RawRow> Stream(TextReader reader, string file, List<DatasetIssue> errors, bool taskFile = false)
    {
        using var records = Records(reader, file, errors).GetEnumerator();
        if (!records.MoveNext())
        {
            if (errors.Count == 0)
            {
                errors.Add(new(file, 1, IssueSeverity.Error, "the file is empty: expected a header line such as prompt,classes,answer_index"));
            }

            yield break;
        }

        var (headerLine, header) = records.Current;
        var skipIndexColumn = header.Count > 1 && header[0].Trim().Length == 0;
        var names = header.Select(h => h.Trim()).ToList();
        if (taskFile && !names.Contains(TaskFileKeys.Prompt) && names.Contains(EarlyPrompt))
        {
            // The Prize pipeline's spring-2022 datasets (its data/*.csv, and the data.csv copies in its results
            // folders) named these columns filled_template and answer_ix; the values are the same.
            names = names.Select(n => n switch { EarlyPrompt => TaskFileKeys.Prompt, EarlyAnswerIndex => TaskFileKeys.AnswerIndex, _ => n }).ToList();
        }

        for (var i = skipIndexColumn ? 1 : 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
            {
                errors.Add(new(file, headerLine, IssueSeverity.Error, $"header column {i + 1} has no name"));
            }
            else if (names.IndexOf(names[i]) != i)
            {
                errors.Add(new(file, headerLine, IssueSeverity.Error, $"header column \"{names[i]}\" appears twice"));
            }
        }

        var columns = names.Skip(skipIndexColumn ? 1 : 0).ToList();
        if (taskFile && (!columns.Contains(TaskFileKeys.Prompt) || !(columns.Contains(TaskFileKeys.Classes) || columns.Contains(TaskFileKeys.Completion))))
        {
            errors.Add(new(file, headerLine, IssueSeverity.Error,
                $"the header ({string.Join(",", header)}) needs the columns prompt,classes,answer_index (or prompt,completion for sequence_prob)"));
        }

        if (errors.Count > 0)
        {
            yield break;
        }

        var any = false;
        while (records.MoveNext())
        {
            var (line, cells) = records.Current;
            if (cells.Count != names.Count)
            {
                errors.Add(new(file, line, IssueSeverity.Error,
                    $"expected {names.Count} fields as in the header ({string.Join(",", header)}) but found {cells.Count}"));
                continue;
            }

            var fields = new List<KeyValuePair<string, RawValue>>(cells.Count);
            for (var i = skipIndexColumn ? 1 : 0; i < cells.Count; i++)
            {
                fields.Add(new(names[i], new RawValue(RawKind.Text, cells[i])));
            }

            any = true;
            yield return new RawRow(line, fields);
        }

        if (!any && errors.Count == 0)
        {
            errors.Add(new(file, headerLine, IssueSeverity.Error, "the file has a header but no rows"));
        }
    }

    /// <summary>Splits into records of cells, each with the line it starts on; blank lines are skipped.</summary>
    private static IEnumerable<(int Line, List<string> Cells)> Records(TextReader text, string file, List<DatasetIssue> errors)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var recordHasContent = false;
        int next;
        while ((next = text.Peek()) >= 0)
        {
            var c = (char)next;
            if (c == '"' && cell.Length == 0)
            {
                var openLine = line;
                text.Read();
                var closed = false;
                while ((next = text.Read()) >= 0)
                {
                    if (next == '"')
                    {
                        if (text.Peek() == '"')
                        {
                            cell.Append('"');
                            text.Read();
                            continue;
                        }

                        closed = true;
                        break;
                    }

                    if (next == '\n')
                    {
                        line++;
                    }

                    cell.Append((char)next);
                }

                if (!closed)
                {
                    errors.Add(new(file, openLine, IssueSeverity.Error, "a quoted field starts on this line and is never closed (missing '\"')"));
                    yield break;
                }

                if (text.Peek() is >= 0 and var after && after is not (',' or '\n' or '\r'))
                {
                    errors.Add(new(file, line, IssueSeverity.Error,
                        $"unexpected '{(char)after}' after a closing quote (a '\"' inside a quoted field must be doubled as \"\")"));
                    yield break;
                }

                recordHasContent = true;
                continue;
            }

            switch (c)
            {
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    recordHasContent = true;
                    text.Read();
                    break;
                case '\r' or '\n':
                    if (recordHasContent || cell.Length > 0)
                    {
                        cells.Add(cell.ToString());
                        yield return (recordLine, cells);
                        cells = [];
                        cell.Clear();
                    }

                    recordHasContent = false;
                    text.Read();
                    if (c == '\r' && text.Peek() == '\n')
                    {
                        text.Read();
                    }

                    line++;
                    recordLine = line;
                    break;
                case '"':
                    errors.Add(new(file, line, IssueSeverity.Error,
                        "a '\"' inside an unquoted field: quote the whole field and double the inner quotes (RFC 4180)"));
                    yield break;
                default:
                    cell.Append(c);
                    recordHasContent = true;
                    text.Read();
                    break;
            }
        }

        if (recordHasContent || cell.Length > 0)
        {
            cells.Add(cell.ToString());
            yield return (recordLine, cells);
        }
    }
}
