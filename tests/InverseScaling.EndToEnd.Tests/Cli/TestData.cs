using InverseScaling.Engine;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>Inputs the command-line tests use: the bundled models and small slices of the bundled official datasets.</summary>
internal static class TestData
{
    public static string BundledModel(string name) => Path.Combine(BundledContent.Models, name);

    public static string BundledDataset(string fileName) => Path.Combine(AppContext.BaseDirectory, "Bundled", "datasets", fileName);

    /// <summary>The first <paramref name="rows"/> lines of a bundled dataset, as a user task file (fast to score).</summary>
    public static string Slice(string folder, string datasetFileName, int rows, string? name = null)
    {
        var path = Path.Combine(folder, name ?? $"{Path.GetFileNameWithoutExtension(datasetFileName)}-first{rows}.jsonl");
        File.WriteAllLines(path, File.ReadLines(BundledDataset(datasetFileName)).Take(rows));
        return path;
    }
}
