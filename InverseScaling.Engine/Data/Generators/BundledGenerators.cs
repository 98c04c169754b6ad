namespace InverseScaling.Engine.Data.Generators;

/// <summary>The example task specs shipped in Bundled/generators (copied next to the binaries).</summary>
public static class BundledGenerators
{
    /// <summary>Full paths of the shipped specs, sorted by file name.</summary>
    public static IReadOnlyList<string> SpecFiles() =>
        Directory.Exists(BundledContent.Generators) ? [.. Directory.GetFiles(BundledContent.Generators, "*.json").Order(StringComparer.Ordinal)] : [];
}
