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

    /// <summary>
    /// A gzipped fixture (<c>….json.gz</c>: large tokenizer files are committed compressed to keep the fixtures small),
    /// decompressed once per test process into the temp folder; returns the decompressed file's path.
    /// </summary>
    public static string Gunzipped(params string[] parts)
    {
        var source = Path(parts);
        lock (Decompressed)
        {
            if (!Decompressed.TryGetValue(source, out var target))
            {
                var name = System.IO.Path.GetFileNameWithoutExtension(source);
                target = System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(ProcessFolder, Guid.NewGuid().ToString("N"))).FullName, name);
                using (var input = new System.IO.Compression.GZipStream(File.OpenRead(source), System.IO.Compression.CompressionMode.Decompress))
                using (var output = File.Create(target))
                {
                    input.CopyTo(output);
                }

                Decompressed[source] = target;
            }

            return target;
        }
    }

    private static readonly Dictionary<string, string> Decompressed = [];

    /// <summary>Where fixtures assembled at run time go: one folder per test process.</summary>
    private static readonly string ProcessFolder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"is-fixtures-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>
    /// The bundled family as an exporter writes it: one folder per model with config.json, tokenizer files and
    /// model.onnx, no model.json, under a parent folder named <c>tinystories-family</c>. The small files are fixtures
    /// (<c>tests/fixtures/models/tinystories-family</c>); the graphs, byte-identical to the bundled ones, are copied in
    /// from the embedded default rather than committed twice. Assembled once per test process in the temp folder.
    /// </summary>
    public static string TinyStoriesFamily => LazyFamily.Value;

    private static readonly Lazy<string> LazyFamily = new(() =>
    {
        var family = System.IO.Path.Combine(ProcessFolder, "tinystories-family");
        foreach (var source in Directory.GetDirectories(Path("models", "tinystories-family")))
        {
            var name = System.IO.Path.GetFileName(source);
            var target = Directory.CreateDirectory(System.IO.Path.Combine(family, name)).FullName;
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
            }

            File.Copy(System.IO.Path.Combine(Engine.BundledContent.Models, name, "model.onnx"), System.IO.Path.Combine(target, "model.onnx"));
        }

        return family;
    });

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
