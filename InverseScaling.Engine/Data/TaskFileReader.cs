using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Reads a task file (official JSON lines, or the submission CSV form) into a validated <see cref="TaskDataset"/>.
/// A file with any bad row is rejected whole with every problem listed (<see cref="DatasetFormatException"/>):
/// a half-loaded task would silently change the metric. Official files are recognised by SHA-256, never by name;
/// generated tasks by the <see cref="TaskFileKeys.Generator"/> key <see cref="TaskFileWriter"/> puts on each of their rows.
/// </summary>
public static class TaskFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and validates the file at <paramref name="path"/>; errors and warnings name the path as given.</summary>
    public static TaskDataset Read(string path) => Read(InputFile.ReadAllBytes(path, "file"), path, Path.GetFullPath(path));

    /// <summary>Reads a task from a stream (an upload); <paramref name="fileName"/> names it in messages and decides the format.</summary>
    public static TaskDataset Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.ToArray(), fileName, fileName);
    }

    /// <summary>Reads a task from the file's bytes; <paramref name="fileName"/> names it in messages and decides the format.</summary>
    public static TaskDataset Read(ReadOnlySpan<byte> bytes, string fileName) => Read(bytes, fileName, fileName);

    private static TaskDataset Read(ReadOnlySpan<byte> bytes, string file, string sourcePath)
    {
        var errors = new List<DatasetIssue>();
        var warnings = new List<DatasetIssue>();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (GitLfsPointer.Is(bytes))
        {
            throw new DatasetFormatException(file, [new DatasetIssue(file, 1, IssueSeverity.Error, GitLfsPointer.Describe(bytes))]);
        }

        var text = Decode(bytes, file, errors, warnings);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(file, 1, IssueSeverity.Error, "the file is empty"));
        }

        if (errors.Count > 0)
        {
            throw new DatasetFormatException(file, errors);
        }

        var rows = IsCsv(file, text!) ? CsvRows.ReadTaskFile(text!, file, errors) : JsonLinesRows.Read(text!, file, errors);
        var validator = new TaskRowValidator(file, errors, warnings);
        var examples = validator.Validate(rows);
        if (errors.Count > 0)
        {
            throw new DatasetFormatException(file, [.. errors.OrderBy(e => e.Line)]);
        }

        var generated = validator.GeneratedName;
        var official = generated is null ? OfficialTasks.FindBySha256(sha256) : null;
        if (official is null && generated is null && OfficialTasks.FindByFileName(file) is { } namesake)
        {
            warnings.Insert(0, new(file, 0, IssueSeverity.Warning,
                $"this is NOT the official {namesake.Name} file: it has the official file name but its SHA-256 ({sha256[..12]}…) " +
                $"differs from the release's ({namesake.Sha256[..12]}…), so it is loaded as a user task and must not be compared with published numbers"));
        }

        return new TaskDataset
        {
            Name = generated is not null ? LabelledAsGenerated(generated) : official?.Name ?? StemOf(file),
            Type = validator.Type,
            Origin = generated is not null ? TaskOrigin.Generated : official is null ? TaskOrigin.User : TaskOrigin.Official,
            GeneratedBy = generated,
            SourcePath = sourcePath,
            Sha256 = sha256,
            Examples = examples,
            Warnings = [.. warnings.OrderBy(w => w.Line)],
            MetadataColumns = validator.ExtraColumns,
        };
    }

    /// <summary>Decodes strict UTF-8; every line with invalid bytes is reported. A UTF-8 byte-order mark is dropped with a warning.</summary>
    private static string? Decode(ReadOnlySpan<byte> bytes, string file, List<DatasetIssue> errors, List<DatasetIssue> warnings)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            errors.Add(new(file, 1, IssueSeverity.Error, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"));
            return null;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            warnings.Add(new(file, 1, IssueSeverity.Warning, "the file starts with a UTF-8 byte-order mark, which was ignored"));
            bytes = bytes[3..];
        }

        var line = 1;
        var start = 0;
        while (start <= bytes.Length)
        {
            var length = bytes[start..].IndexOf((byte)'\n');
            var lineBytes = length < 0 ? bytes[start..] : bytes.Slice(start, length);
            if (lineBytes.Contains((byte)0))
            {
                errors.Add(new(file, line, IssueSeverity.Error, "the line contains NUL bytes: the file is probably UTF-16 or binary; save it as UTF-8"));
            }
            else
            {
                try
                {
                    StrictUtf8.GetCharCount(lineBytes);
                }
                catch (DecoderFallbackException e)
                {
                    var bad = string.Join(" ", (e.BytesUnknown ?? []).Select(b => b.ToString("X2")));
                    errors.Add(new(file, line, IssueSeverity.Error,
                        $"invalid UTF-8 (bytes {bad} at byte {e.Index + 1} of the line); the file must be UTF-8 encoded"));
                }
            }

            if (length < 0)
            {
                break;
            }

            start += length + 1;
            line++;
        }

        return errors.Count > 0 ? null : StrictUtf8.GetString(bytes);
    }

    // The extension decides; a file without a known one is JSON lines if it starts like a JSON object.
    private static bool IsCsv(string file, string text) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".csv" => true,
        ".jsonl" or ".json" or ".ndjson" => false,
        _ => !text.TrimStart().StartsWith('{'),
    };

    // Generators name their tasks "… (generated, seed 1)"; a file edited to carry an official task's name is
    // labelled, so that a generated task is never shown under an official name.
    private static string LabelledAsGenerated(string name) => OfficialTasks.IsOfficialName(name) ? name + " (generated)" : name;

    private static string StemOf(string file) => Path.GetFileNameWithoutExtension(file) is { Length: > 0 } stem ? stem : file;
}
