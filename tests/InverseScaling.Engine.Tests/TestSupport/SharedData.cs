namespace InverseScaling.Engine.Tests.TestSupport;

/// <summary>
/// Locates the repository and the read-only ../shared folder (datasets, models, golden values) that
/// developers and CI have beside the repo.
/// </summary>
internal static class SharedData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Datasets => Path.Combine(Root, "data", "inverse-scaling");

    public static string Models => Path.Combine(Root, "models");

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The embedded default content, as copied next to the test binaries.</summary>
    public static string Bundled => BundledContent.Root;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "InverseScaling.Engine")) && Directory.Exists(Path.Combine(dir.FullName, "tests")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
