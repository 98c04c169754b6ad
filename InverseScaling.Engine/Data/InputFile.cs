namespace InverseScaling.Engine.Data;

/// <summary>
/// An input file read whole (a task file, a generator spec): a file that cannot be read is reported as a bad one is,
/// a <see cref="DatasetFormatException"/> naming the path, so every caller shows one kind of error for its input.
/// </summary>
internal static class InputFile
{
    /// <param name="path">The file, named as given in the error.</param>
    /// <param name="what">What the file is, for the message: "cannot read the <paramref name="what"/>: …".</param>
    public static byte[] ReadAllBytes(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(path, [new DatasetIssue(path, 0, IssueSeverity.Error, $"cannot read the {what}: {e.Message}")]);
        }
    }
}
