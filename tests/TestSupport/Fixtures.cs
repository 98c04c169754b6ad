namespace InverseScaling.Tests.Support;

/// <summary>
/// Locates the repository and the test fixtures it carries (<c>tests/fixtures</c>, listed with origin and SHA-256 in
/// <c>tests/fixtures/SOURCES.md</c>). Every file a test reads is inside the repository, so the tests pass on a fresh
/// clone with nothing beside it; this one source file is compiled into every test project.
/// </summary>
internal static class Fixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Root { get; } = System.IO.Path.Combine(RepositoryRoot, "tests", "fixtures");

    /// <summary>A fixture file or folder, by its path under <c>tests/fixtures</c>.</summary>
    public static string Path(params string[] parts) => Existing(System.IO.Path.Combine([Root, .. parts]));

    /// <summary>An official Prize file, laid out as in the Prize's data release (<c>neqa/neqa_classification.jsonl</c>).</summary>
    public static string InverseScaling(params string[] parts) => Path(["inverse-scaling", .. parts]);

    /// <summary>A file of the small real models and their reference outputs (<c>onnx/stories260K/model.onnx</c>).</summary>
    public static string Models(params string[] parts) => Path(["models", .. parts]);

    /// <summary>The Prize pipeline's published per-example GPT-3 results on NeQA (round 1), one file per model.</summary>
    public static string NeqaGpt3Results(string model) => InverseScaling("neqa", "gpt3_results_round1", model + ".csv");

    /// <summary>A missing fixture fails with its path rather than with whatever the reader throws for a missing file.</summary>
    private static string Existing(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Test fixture missing: {path} (see tests/fixtures/SOURCES.md)", path);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "InverseScaling.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (the folder of InverseScaling.slnx) not found above " + AppContext.BaseDirectory);
    }
}
