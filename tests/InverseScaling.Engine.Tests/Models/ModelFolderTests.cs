using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InverseScaling.Engine.Tests.Models;

public sealed class ModelFolderTests
{
    private static readonly string Graphs = Fixtures.Path("onnx-graphs");
    private static readonly string Tok512 = Fixtures.Models("llama2c", "stories260K", "tok512.model");
    private static readonly string Tok656K = Fixtures.Models("hf-llama", "TinyStories-656K", "tokenizer.json");
    private static readonly string Stories260KPlain = Fixtures.Models("onnx", "stories260K", "model.onnx");

    [Fact]
    public void The_bundled_family_loads_with_manifest_fields_and_distinct_hashes()
    {
        var models = ModelFolder.LoadAll(BundledContent.Models);

        Assert.Equal(["TinyStories-656K", "llama2xs-279K", "stories260K"], models.Select(m => m.Name));
        Assert.Equal([656_000L, 279_232L, 260_032L], models.Select(m => m.Manifest.Parameters));
        Assert.Equal([512, 256, 512], models.Select(m => m.Manifest.MaxContext));
        Assert.All(models, m => Assert.Matches("^[0-9a-f]{64}$", m.ContentHash));
        Assert.Equal(3, models.Select(m => m.ContentHash).Distinct().Count());
        Assert.Single(models.Select(m => m.Manifest.Family).Distinct());
        var bundleBytes = Directory.EnumerateFiles(BundledContent.Models, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bundleBytes, 1, 10_000_000);
    }

    [Fact]
    public void Content_hash_follows_the_files_and_scoring_fields_not_the_display_name()
    {
        using var root = new TempFolder();
        var a = ModelFolder.Load(TestModels.Folder(root, "a", Stories260KPlain, Tok512));
        var renamed = ModelFolder.Load(TestModels.Folder(root, "b", Stories260KPlain, Tok512));
        var otherContext = ModelFolder.Load(TestModels.Folder(root, "c", Stories260KPlain, Tok512, maxContext: 256));
        var otherTokenizer = ModelFolder.Load(TestModels.Folder(root, "d", Stories260KPlain, Tok656K));

        Assert.Equal(a.ContentHash, renamed.ContentHash);
        Assert.NotEqual(a.ContentHash, otherContext.ContentHash);
        Assert.NotEqual(a.ContentHash, otherTokenizer.ContentHash);
    }

    [Fact]
    public void Graph_layouts_are_detected_from_the_session_metadata()
    {
        using var plain = TestModels.Open(TestModels.Bundled("llama2xs-279K"));
        using var kv = TestModels.Open(TestModels.Bundled("stories260K"));
        using var root = new TempFolder();
        using var fp16 = TestModels.Open(TestModels.Folder(
            root, "fp16", Fixtures.Models("onnx-fixtures", "tiny-random-LlamaForCausalLM-fp16", "model.onnx"),
            Fixtures.Gunzipped("models", "onnx-fixtures", "tiny-random-LlamaForCausalLM-fp16", "tokenizer.json.gz"), maxContext: 64));

        Assert.False(plain.Layout.HasKvCache);
        Assert.Null(plain.Layout.AttentionMaskType);
        Assert.Equal((TensorElementType.Int64, TensorElementType.Float, 512), (plain.Layout.IdsType, plain.Layout.LogitsType, plain.Layout.LogitsVocabulary));

        Assert.True(kv.UsesKvCache);
        Assert.Equal(10, kv.Layout.KvTensors.Count);
        Assert.Equal((TensorElementType.Float, 4, 8), (kv.Layout.KvType, kv.Layout.KvHeads, kv.Layout.KvHeadDim));
        Assert.Equal(new KvTensor("past_key_values.4.value", "present.4.value"), kv.Layout.KvTensors[9]);
        Assert.Equal(10 * 4 * 8 * 4L, kv.Layout.KvBytesPerPosition);
        Assert.Null(plain.Layout.KvBytesPerPosition);

        Assert.Equal(4, fp16.Layout.KvTensors.Count);
        Assert.Equal((TensorElementType.Float16, TensorElementType.Float16, 1, 16), (fp16.Layout.LogitsType, fp16.Layout.KvType, fp16.Layout.KvHeads, fp16.Layout.KvHeadDim));
        Assert.Equal(32000, fp16.Layout.LogitsVocabulary);
        Assert.Equal(4 * 1 * 16 * 2L, fp16.Layout.KvBytesPerPosition);
    }

    [Fact]
    public void Folder_without_manifest_or_graph_is_refused_naming_the_folder()
    {
        using var root = new TempFolder();

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(root.Path));

        Assert.Equal(root.Path, e.File);
        Assert.Contains("no ONNX graph: a model folder needs model.onnx", e.Message);
    }

    [Fact]
    public void Missing_folder_is_refused()
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load("/nonexistent/model-folder"));

        Assert.Contains("model folder not found", e.Message);
    }

    [Theory]
    [InlineData("{\n  \"name\": \"x\",\n  \"family\": \"f\"\n  \"parameters\": 5\n}", 4, "invalid manifest")]
    [InlineData("{\n  \"name\": \"x\",\n  \"family\": \"\",\n  \"maxContext\": 1\n}", null, "\"family\" is empty; \"maxContext\" must be at least 2")]
    [InlineData("{\n  \"name\": \"x\",\n  \"family\": \"f\",\n  \"parameters\": \"many\",\n  \"tokenizer\": \"t.model\",\n  \"maxContext\": 16\n}", 4, "invalid manifest")]
    [InlineData("{\"name\": \"x\", \"family\": \"f\", \"parameters\": -3, \"tokenizer\": \"t.model\", \"maxContext\": 0}", null, "\"parameters\" must be positive")]
    public void Bad_manifest_json_is_refused_with_file_and_line(string json, int? line, string expected)
    {
        using var root = new TempFolder();
        File.WriteAllText(Path.Combine(root.Path, "model.json"), json);

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(root.Path));

        Assert.Equal(Path.Combine(root.Path, "model.json"), e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_onnx_and_missing_tokenizer_name_the_file_and_folder()
    {
        using var root = new TempFolder();
        var noOnnx = TestModels.Folder(root, "no-onnx", Path.Combine(root.Path, "absent.onnx"), Tok512);
        var noTokenizer = TestModels.Folder(root, "no-tokenizer", Stories260KPlain, Path.Combine(root.Path, "absent.model"));

        var e1 = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(noOnnx));
        var e2 = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(noTokenizer));

        Assert.Equal(Path.Combine(root.Path, "absent.onnx"), e1.File);
        Assert.Contains("ONNX graph", e1.Message);
        Assert.Contains(noOnnx, e1.Message);
        Assert.Equal(Path.Combine(root.Path, "absent.model"), e2.File);
        Assert.Contains("tokenizer", e2.Message);
        Assert.Contains(noTokenizer, e2.Message);
    }

    [Fact]
    public void Onnx_without_logits_output_is_refused()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(root, "m", Path.Combine(Graphs, "no_logits.onnx"), Tok512);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.EndsWith("no_logits.onnx", e.File);
        Assert.Contains("no \"logits\" output (outputs: hidden)", e.Message);
    }

    [Fact]
    public void Onnx_without_input_ids_is_refused()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(root, "m", Path.Combine(Graphs, "no_input_ids.onnx"), Tok512);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.Contains("no \"input_ids\" input (inputs: tokens)", e.Message);
    }

    [Fact]
    public void Logits_smaller_than_the_tokenizer_vocabulary_are_refused()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(root, "m", Stories260KPlain, Tok656K);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.Equal(Stories260KPlain, e.File);
        Assert.Contains("logits have 512 entries but the tokenizer", e.Message);
        Assert.Contains("2048 tokens", e.Message);
    }

    [Fact]
    public void A_tokenizer_far_smaller_than_the_logits_is_refused_as_another_models()
    {
        // TinyStories-656K's graph has 2,048 logits; tok512 (stories260K's tokenizer) would tokenise without error and
        // score every class against the wrong rows.
        using var root = new TempFolder();
        var graph = Fixtures.Models("onnx", "TinyStories-656K", "model.onnx");
        var folder = TestModels.Folder(root, "m", graph, Tok512);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.Equal(graph, e.File);
        Assert.Contains("logits have 2048 entries but the tokenizer", e.Message);
        Assert.Contains("belongs to another model", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        using var root = new TempFolder();
        var fake = Path.Combine(root.Path, "fake.onnx");
        File.WriteAllText(fake, "not a graph");
        var folder = TestModels.Folder(root, "m", fake, Tok512);

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.Equal(fake, e.File);
        Assert.Contains("cannot load the graph", e.Message);
    }
}
