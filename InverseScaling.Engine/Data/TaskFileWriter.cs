using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Writes a task as JSON lines exactly as the official release does (pandas <c>to_json(orient="records", lines=True)</c>):
/// keys <c>prompt, classes, answer_index, round, part</c> (<c>prompt, completion, round, part</c> for sequence_prob),
/// no spaces, non-ASCII as <c>\uXXXX</c>, <c>/</c> as <c>\/</c>, <c>classes</c> as a Python list literal string,
/// one <c>\n</c> after every line. A generated task's rows then carry its name under <see cref="TaskFileKeys.Generator"/>,
/// so reading the file back gives a generated task again, not a user task named after the file. The task's metadata
/// columns follow as extra keys. Rewriting an official file this way gives back its exact bytes (tested), so a
/// written file's SHA-256 is a faithful identity of its content.
/// </summary>
public static class TaskFileWriter
{
    public static void WriteJsonl(TaskDataset task, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        WriteJsonl(task, stream);
    }

    public static void WriteJsonl(TaskDataset task, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToJsonlBytes(task));
    }

    public static byte[] ToJsonlBytes(TaskDataset task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Origin == TaskOrigin.Generated && string.IsNullOrWhiteSpace(task.Name))
        {
            throw new ArgumentException("A generated task needs a name: its file names it on every row.", nameof(task));
        }

        var sb = new StringBuilder();
        foreach (var example in task.Examples)
        {
            AppendLine(sb, task, example);
        }

        // Every character was escaped to ASCII, so this is also the UTF-8 encoding.
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Lower-case hex SHA-256 of <see cref="ToJsonlBytes"/>: the identity of a task made in memory.</summary>
    public static string ContentSha256(TaskDataset task) => Convert.ToHexStringLower(SHA256.HashData(ToJsonlBytes(task)));

    private static void AppendLine(StringBuilder sb, TaskDataset task, TaskExample example)
    {
        sb.Append("{\"prompt\":");
        AppendString(sb, example.Prompt);
        if (example.OtherPrompt is { } otherPrompt)
        {
            sb.Append(",\"").Append(TaskFileKeys.OtherPrompt).Append("\":");
            AppendString(sb, otherPrompt);
        }
        if (task.Type == TaskType.SequenceProb)
        {
            sb.Append(",\"completion\":");
            AppendString(sb, example.Completion ?? "");
        }
        else
        {
            sb.Append(",\"classes\":");
            AppendString(sb, PythonListLiteral.Format(example.Classes));
            sb.Append(",\"answer_index\":").Append(example.AnswerIndex.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append(",\"round\":").Append(example.Round?.ToString(CultureInfo.InvariantCulture) ?? "null");
        sb.Append(",\"part\":").Append(example.Part?.ToString(CultureInfo.InvariantCulture) ?? "null");
        if (task.Origin == TaskOrigin.Generated)
        {
            sb.Append(",\"").Append(TaskFileKeys.Generator).Append("\":");
            AppendString(sb, task.Name);
        }

        // A metadata column named like a file key (MetadataColumns.Apply adds answer_index, round and part) is a copy
        // of the field just written; writing it again would make a duplicate key.
        foreach (var column in task.MetadataColumns)
        {
            if (TaskFileKeys.IsReserved(column) || !example.Metadata.TryGetValue(column, out var value))
            {
                continue;
            }

            sb.Append(',');
            AppendString(sb, column);
            sb.Append(':');
            if (IsCanonicalInteger(value))
            {
                sb.Append(value);
            }
            else
            {
                AppendString(sb, value);
            }
        }

        sb.Append("}\n");
    }

    // Integers are written as JSON numbers (as pandas does for an int column); "007" or "+1" stay strings so that
    // reading the file back gives the same text.
    private static bool IsCanonicalInteger(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
        && number.ToString(CultureInfo.InvariantCulture) == value;

    private static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '/': sb.Append("\\/"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c is < ' ' or >= '\u0080')
                    {
                        // UTF-16 code units, so characters outside the BMP become a surrogate pair, as in pandas.
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
