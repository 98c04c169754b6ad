namespace InverseScaling.Tests.Support;

/// <summary>A fresh folder under the system temp directory for hand-written or altered input files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "is-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> (subfolders created) and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = Prepare(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="name"/> (subfolders created) and returns its full path.</summary>
    public string Copy(string source, string name)
    {
        var path = Prepare(name);
        File.Copy(source, path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open on a failing test must not hide the test's own error.
        }
    }

    private string Prepare(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }
}
