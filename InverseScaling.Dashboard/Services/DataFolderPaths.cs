namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Paths typed in the browser are confined to the configured data folder, so the page cannot be used to read
/// arbitrary files or folders.
/// </summary>
public static class DataFolderPaths
{
    /// <summary>The full path of <paramref name="relativeOrFullPath"/>, or null when it lies outside <paramref name="dataFolder"/>.</summary>
    public static string? Resolve(string dataFolder, string relativeOrFullPath)
    {
        var full = Path.GetFullPath(Path.Combine(dataFolder, relativeOrFullPath.Trim()));
        var root = dataFolder.EndsWith(Path.DirectorySeparatorChar) ? dataFolder : dataFolder + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }
}
