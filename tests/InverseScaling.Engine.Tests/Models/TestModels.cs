using System.Text.Json;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Models;

/// <summary>The bundled models, and throw-away model folders whose manifest points at fixture files (tests/fixtures/models).</summary>
internal static class TestModels
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static string Bundled(string name) => Path.Combine(BundledContent.Root, "models", name);

    /// <summary>A folder with a model.json naming <paramref name="onnx"/> and <paramref name="tokenizer"/> (absolute paths).</summary>
    public static string Folder(TempFolder root, string name, string onnx, string tokenizer, int maxContext = 512, bool addBos = true)
    {
        var folder = Path.Combine(root.Path, name);
        Directory.CreateDirectory(folder);
        var manifest = new ModelManifest
        {
            Name = name,
            Family = "test",
            Parameters = 1,
            Onnx = onnx,
            Tokenizer = tokenizer,
            AddBos = addBos,
            MaxContext = maxContext,
        };
        File.WriteAllText(Path.Combine(folder, ModelFolder.ManifestFileName), JsonSerializer.Serialize(manifest, WebJson));
        return folder;
    }

    public static OnnxModelScorer Open(string folder, OnnxScorerOptions? options = null) =>
        new OnnxModelScorerFactory(2, options).Open(ModelFolder.Load(folder));
}
