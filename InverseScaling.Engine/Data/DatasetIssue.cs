namespace InverseScaling.Engine.Data;

public enum IssueSeverity
{
    Warning,
    Error,
}

/// <summary>A problem found in an input file, located to the line so the user can fix it.</summary>
public sealed record DatasetIssue(string File, int Line, IssueSeverity Severity, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>
/// Thrown when an input file cannot be used. Lists every problem found, not just the first,
/// because a half-loaded dataset would silently change the metric.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string file, IReadOnlyList<DatasetIssue> errors)
        : base(BuildMessage(file, errors))
    {
        File = file;
        Errors = errors;
    }

    public string File { get; }

    public IReadOnlyList<DatasetIssue> Errors { get; }

    private static string BuildMessage(string file, IReadOnlyList<DatasetIssue> errors)
    {
        const int shown = 20;
        var lines = errors.Take(shown).Select(e => "  " + e);
        var more = errors.Count > shown ? $"{Environment.NewLine}  … and {errors.Count - shown} more" : "";
        return $"{file} was rejected ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, lines) + more;
    }
}
