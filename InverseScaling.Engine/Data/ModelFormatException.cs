namespace InverseScaling.Engine.Data;

/// <summary>
/// A model folder, manifest, tokenizer or ONNX graph that cannot be used, with the file (and line, where one
/// applies) that the user has to fix.
/// </summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string file, string problem, int? line = null, Exception? inner = null)
        : base(line is null ? $"{file}: {problem}" : $"{file}:{line}: {problem}", inner)
    {
        File = file;
        Problem = problem;
        Line = line;
    }

    /// <summary>Full path of the offending file (or folder).</summary>
    public string File { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>1-based line in <see cref="File"/>, when the problem is in a text file.</summary>
    public int? Line { get; }
}
