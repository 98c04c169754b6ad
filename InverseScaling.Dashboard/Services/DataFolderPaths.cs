using InverseScaling.Engine;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// How the dashboard treats server paths. A path typed in the browser is followed through every symbolic link before
/// it is checked against the data folder, so a link inside the folder cannot reach a file outside it. A path the
/// pages show (a run's source file) is relative to the data folder, or to the embedded default as <c>bundled/…</c>,
/// or else only its file name: the server's own layout never reaches a page, tooltip or export.
/// </summary>
public sealed class DataFolderPaths(string dataFolder)
{
    // Linux's own limit on links followed in one path (MAXSYMLINKS); a loop of links ends here too.
    private const int MaxLinks = 40;

    /// <summary>The data folder itself, links followed.</summary>
    public string Root { get; } = RealPath(dataFolder);

    /// <summary>
    /// The file <paramref name="typed"/> names inside the data folder, every link followed; null when it lies outside.
    /// </summary>
    public string? Inside(string typed)
    {
        var real = RealPath(Path.Combine(Root, typed.Trim()));
        return IsUnder(real, Root) ? real : null;
    }

    /// <summary>How a page shows <paramref name="path"/> (see the class summary); relative paths are shown as given.</summary>
    public string? Shown(string? path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            return path;
        }

        var full = Path.GetFullPath(path);
        if (IsUnder(full, Root))
        {
            return Relative(Root, full);
        }

        var bundled = Path.GetFullPath(BundledContent.Root);
        return IsUnder(full, bundled) ? "bundled/" + Relative(bundled, full) : Path.GetFileName(full);
    }

    private static bool IsUnder(string path, string folder) =>
        path.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// The path with every symbolic link along it followed, as realpath(3) gives it; the part that does not exist yet
    /// is kept as written. ".." is applied to the text first (Path.GetFullPath), and the result is what gets opened,
    /// so what was checked is what is read.
    /// </summary>
    private static string RealPath(string path)
    {
        var links = 0;
        return RealPath(Path.GetFullPath(path), ref links);
    }

    private static string RealPath(string full, ref int links)
    {
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"{part}: too many levels of symbolic links");
                }

                current = RealPath(Path.GetFullPath(target, Path.GetDirectoryName(current)!), ref links);
            }
        }

        return current;
    }
}
