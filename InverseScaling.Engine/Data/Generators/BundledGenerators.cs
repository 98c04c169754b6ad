namespace InverseScaling.Engine.Data;

/// <summary>The example task specs shipped in Bundled/generators (copied next to the binaries).</summary>
public static class BundledGenerators
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Bundled", "generators");

    /// <summary>Full paths of the shipped specs, sorted by file name.</summary>
    public static IReadOnlyList<string> SpecFiles() =>
        Directory.Exists(Folder) ? [.. Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal)] : [];
}
