using System.Text.Json;

namespace InverseScaling.Engine.Data;

/// <summary>Splits a JSON-lines file into raw rows: one JSON object per non-blank line.</summary>
internal static class JsonLinesRows
{
    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static List<RawRow> Read(string text, string file, List<DatasetIssue> errors)
    {
        var rows = new List<RawRow>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line, Strict);
            }
            catch (JsonException e)
            {
                errors.Add(new(file, lineNumber, IssueSeverity.Error, $"invalid JSON{Position(e)}: {Reason(e)}"));
                continue;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new(file, lineNumber, IssueSeverity.Error,
                        $"expected a JSON object {{\"prompt\": …}} but the line holds {ToRaw(document.RootElement).Describe()}"));
                    continue;
                }

                var fields = new List<KeyValuePair<string, RawValue>>();
                var duplicate = false;
                try
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (fields.Exists(f => f.Key == property.Name))
                        {
                            errors.Add(new(file, lineNumber, IssueSeverity.Error, $"the key \"{property.Name}\" appears twice"));
                            duplicate = true;
                            continue;
                        }

                        fields.Add(new(property.Name, ToRaw(property.Value)));
                    }
                }
                catch (InvalidOperationException e)
                {
                    // The parser accepts an escape such as \ud800 that is half of a surrogate pair; it is no text, and
                    // reading the string is where System.Text.Json says so.
                    errors.Add(new(file, lineNumber, IssueSeverity.Error, $"a string is not valid text: {e.Message.TrimEnd('.')} (a lone \\uD800–\\uDFFF escape?)"));
                    continue;
                }

                if (!duplicate)
                {
                    rows.Add(new RawRow(lineNumber, fields));
                }
            }
        }

        return rows;
    }

    private static RawValue ToRaw(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new(RawKind.String, element.GetString()!),
        JsonValueKind.Number => new(element.TryGetInt64(out _) ? RawKind.Integer : RawKind.Number, element.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => new(RawKind.Boolean, element.GetRawText()),
        JsonValueKind.Null => new(RawKind.Null, "null"),
        JsonValueKind.Array => new(RawKind.Array, element.GetRawText(), element.EnumerateArray().Select(ToRaw).ToList()),
        _ => new(RawKind.Object, element.GetRawText()),
    };

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 7." to its messages; the position is reported
    // separately (as a 1-based column) and the rest is the reason.
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at >= 0 ? message[..at] : message).TrimEnd(' ', '.');
    }

    private static string Position(JsonException e) =>
        e.BytePositionInLine is { } position ? $" at byte {position + 1}" : "";
}
