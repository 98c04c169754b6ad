namespace InverseScaling.Tests.Support;

/// <summary>Copies of fixture folders for tests that alter or import them, so the fixtures themselves stay untouched.</summary>
internal static class FolderCopy
{
    /// <summary>
    /// Copies every file under <paramref name="source"/>, subfolders included, to the same place under
    /// <paramref name="target"/> (created; a file already there is replaced) and returns <paramref name="target"/>.
    /// </summary>
    public static string Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        return target;
    }
}
