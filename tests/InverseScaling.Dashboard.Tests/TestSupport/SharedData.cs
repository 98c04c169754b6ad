namespace InverseScaling.Dashboard.Tests.TestSupport;

/// <summary>The read-only shared material (../shared from the repository root): the Prize datasets and published results.</summary>
internal static class SharedData
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared"));

    public static string NeqaDataset => Path.Combine(Root, "data", "inverse-scaling", "neqa", "neqa_classification.jsonl");

    public static string NeqaResults(string model) => Path.Combine(Root, "data", "inverse-scaling", "neqa", "gpt3_results_round1", model + ".csv");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "InverseScaling.Dashboard")) && Directory.Exists(Path.Combine(dir.FullName, "tests")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
