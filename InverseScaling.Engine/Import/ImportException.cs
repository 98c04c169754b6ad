namespace InverseScaling.Engine.Import;

/// <summary>A results file was refused; the message names the file (and line) and says why. Nothing was stored.</summary>
public sealed class ImportException : Exception
{
    public ImportException(string file, string reason, int? line = null)
        : base(line is { } l ? $"{file}:{l}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Reason = reason;
        Line = line;
    }

    public string File { get; }

    public string Reason { get; }

    public int? Line { get; }
}
