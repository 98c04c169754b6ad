using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Models;

/// <summary>
/// Model folders as exporters write them, without model.json: <see cref="Fixtures.TinyStoriesFamily"/> holds the
/// bundled TinyStories-656K as an Optimum-style folder (its HF config and tokenizer files, the KV graph) and the two
/// llama2.c models with a config.json each (see tests/fixtures/SOURCES.md).
/// </summary>
public sealed class ExportFolderTests
{
    private static readonly string Family = Fixtures.TinyStoriesFamily;
    private static readonly string TinyStories = Path.Combine(Family, "TinyStories-656K");

    [Fact]
    public void Optimum_folder_without_model_json_derives_every_field_and_says_where_from()
    {
        var model = ModelFolder.Load(TinyStories);
        var m = model.Manifest;

        Assert.Equal(("TinyStories-656K", "tinystories-family"), (m.Name, m.Family));
        Assert.Equal((656_000L, 512, true), (m.Parameters, m.MaxContext, m.AddBos));
        Assert.Equal(("model.onnx", "tokenizer.json"), (m.Onnx, m.Tokenizer));
        Assert.Equal("folder name", model.Sources["name"]);
        Assert.Equal("parent folder name", model.Sources["family"]);
        Assert.Equal("config.json max_position_embeddings", model.Sources["maxContext"]);
        Assert.Equal("tokenizer_config.json add_bos_token", model.Sources["addBos"]);
        Assert.Equal(
            "20 floating-point initializers of model.onnx; 2 precomputed rotary tables left out; tied embedding stored once (config.json tie_word_embeddings)",
            model.Sources["parameters"]);
        Assert.Equal(7, model.DerivedFields.Count());

        // Same graph, tokenizer, BOS and context as the bundled model: the same cache key, so its cached runs apply.
        Assert.Equal(ModelFolder.Load(TestModels.Bundled("TinyStories-656K")).ContentHash, model.ContentHash);
    }

    [Fact]
    public async Task Optimum_folder_scores_NeQA_with_the_bundled_models_per_class_logprobs()
    {
        var neqa = TaskFileReader.Read(Path.Combine(BundledContent.Root, "datasets", "neqa_classification.jsonl"));
        using var derived = TestModels.Open(TinyStories);
        using var bundled = TestModels.Open(TestModels.Bundled("TinyStories-656K"));
        Assert.True(derived.UsesKvCache);

        var fromFolder = await ScoreAll(derived, neqa.Examples);
        var fromBundle = await ScoreAll(bundled, neqa.Examples);

        Assert.Equal(300, fromFolder.Count);
        Assert.Equal(fromBundle.Select(r => r.ClassLogprobs), fromFolder.Select(r => r.ClassLogprobs));
        Assert.Equal(fromBundle.Select(r => r.Loss), fromFolder.Select(r => r.Loss));
    }

    [Fact]
    public void A_folder_of_three_model_folders_is_one_family()
    {
        var models = ModelFolder.LoadModelOrFamily(Family);

        Assert.Equal(["TinyStories-656K", "llama2xs-279K", "stories260K"], models.Select(m => m.Name));
        Assert.All(models, m => Assert.Equal("tinystories-family", m.Manifest.Family));
        Assert.Equal([656_000L, 279_232L, 260_032L], models.Select(m => m.Manifest.Parameters));
        Assert.Equal([512, 256, 512], models.Select(m => m.Manifest.MaxContext));
        Assert.Equal(["tokenizer.json", "tokenizer.model", "tokenizer.model"], models.Select(m => m.Manifest.Tokenizer));
        Assert.Equal(["tokenizer_config.json add_bos_token", "model type llama (config.json model_type)", "model type llama (config.json model_type)"],
            models.Select(m => m.Sources["addBos"]));
    }

    [Fact]
    public void The_store_keeps_where_each_field_came_from()
    {
        using var root = new TempFolder();
        var model = ModelFolder.Load(TinyStories);
        using (var store = new LiteDbResultsStore(Path.Combine(root.Path, "db.litedb")))
        {
            ModelRegistration.Save(store, [model]);
        }

        using var reopened = new LiteDbResultsStore(Path.Combine(root.Path, "db.litedb"));
        Assert.Equal(model, Assert.Single(reopened.GetModels()));
        Assert.Equal("config.json max_position_embeddings", reopened.GetModels()[0].Sources["maxContext"]);
    }

    [Theory]
    [InlineData("""{ "vocab_size": 512, "tie_word_embeddings": true }""", 4096L, "the embedding and its LM-head copy counted once (config.json tie_word_embeddings)")]
    [InlineData("""{ "vocab_size": 512, "tie_word_embeddings": false }""", 8192L, "embedding and LM head counted separately (config.json tie_word_embeddings false)")]
    [InlineData("""{ "vocab_size": 512 }""", 8192L, "embedding and LM head counted separately (config.json does not say whether they are tied)")]
    public void A_stored_lm_head_copy_is_counted_once_only_when_config_json_says_tied(string config, long expected, string how)
    {
        // The toy graph stores an embedding [512, 8] and a separate head [8, 512].
        using var root = new TempFolder();
        File.WriteAllText(Path.Combine(root.Path, "config.json"), config);
        var graph = Fixtures.Path("models", "layouts", "kv_without_position_ids.onnx");

        var count = ParameterCounter.Count(graph, ExportConfig.Read(root.Path));

        Assert.Equal(expected, count.Value);
        Assert.Equal("2 floating-point initializers of kv_without_position_ids.onnx; " + how, count.Source);
    }

    [Fact]
    public void A_single_model_folder_loads_as_itself()
    {
        var models = ModelFolder.LoadModelOrFamily(TinyStories);

        Assert.Equal("TinyStories-656K", Assert.Single(models).Name);
    }

    /// <summary>
    /// A hub repository made for transformers.js keeps config and tokenizer at the top and its graphs in onnx/: the fp32
    /// model.onnx is taken, scored as the same model, and a folder of such repositories is a family.
    /// </summary>
    [Fact]
    public async Task A_transformers_js_repository_scores_its_onnx_subfolders_fp32_graph()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(TinyStories, Path.Combine(root.Path, "hub", "TinyStories-656K-ONNX"));
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.Move(Path.Combine(folder, "model.onnx"), Path.Combine(folder, "onnx", "model.onnx"));
        File.Copy(Path.Combine(folder, "onnx", "model.onnx"), Path.Combine(folder, "onnx", "model_quantized.onnx"));

        var model = Assert.Single(ModelFolder.LoadModelOrFamily(Path.Combine(root.Path, "hub")));
        using var scorer = new OnnxModelScorerFactory(2).Open(model);
        using var bundled = TestModels.Open(TestModels.Bundled("TinyStories-656K"));
        var examples = TaskFileReader.Read(Path.Combine(BundledContent.Root, "datasets", "neqa_classification.jsonl")).Examples.Take(20).ToList();

        Assert.Equal(("TinyStories-656K-ONNX", "hub", "onnx/model.onnx"), (model.Name, model.Manifest.Family, model.Manifest.Onnx));
        Assert.StartsWith("onnx/model.onnx found in the folder", model.Sources["onnx"], StringComparison.Ordinal);
        Assert.Equal(ModelFolder.Load(TestModels.Bundled("TinyStories-656K")).ContentHash, model.ContentHash);
        Assert.Equal((await ScoreAll(bundled, examples)).Select(r => r.ClassLogprobs), (await ScoreAll(scorer, examples)).Select(r => r.ClassLogprobs));

        // Without the fp32 graph the choice is the user's, and the message lists what there is.
        File.Delete(Path.Combine(folder, "onnx", "model.onnx"));
        var refused = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(folder));
        Assert.Contains("onnx/ holds onnx/model_quantized.onnx but no onnx/model.onnx", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_json_overrides_only_the_fields_it_sets()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(TinyStories, Path.Combine(root.Path, "copy"));
        File.WriteAllText(Path.Combine(folder, ModelFolder.ManifestFileName), """{ "family": "mine", "maxContext": 128 }""");

        var model = ModelFolder.Load(folder);

        Assert.Equal(("copy", "mine", 128, 656_000L), (model.Name, model.Manifest.Family, model.Manifest.MaxContext, model.Manifest.Parameters));
        Assert.Equal("model.json", model.Sources["family"]);
        Assert.Equal("model.json", model.Sources["maxContext"]);
        Assert.Equal("folder name", model.Sources["name"]);
        Assert.DoesNotContain(model.DerivedFields, f => f.Key is "family" or "maxContext");
    }

    [Fact]
    public void Gpt2_style_config_gives_context_from_n_positions_and_no_bos_when_bos_equals_eos()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(Path.Combine(Family, "stories260K"), Path.Combine(root.Path, "gpt"));
        File.WriteAllText(
            Path.Combine(folder, "config.json"),
            """{ "model_type": "my-gpt", "n_positions": 64, "n_ctx": 32, "bos_token_id": 7, "eos_token_id": 7 }""");

        var model = ModelFolder.Load(folder);

        Assert.Equal((64, false), (model.Manifest.MaxContext, model.Manifest.AddBos));
        Assert.Equal("config.json n_positions", model.Sources["maxContext"]);
        Assert.Equal("config.json bos_token_id 7 equals eos_token_id", model.Sources["addBos"]);
    }

    [Fact]
    public void Folder_without_a_context_length_is_refused_naming_the_folder_and_the_keys()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(Path.Combine(Family, "stories260K"), Path.Combine(root.Path, "no-config"));
        File.Delete(Path.Combine(folder, "config.json"));

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(folder));

        Assert.Equal(folder, e.File);
        Assert.Contains("no context length", e.Message);
        Assert.Contains("max_position_embeddings", e.Message);
    }

    [Fact]
    public void Folder_with_a_graph_but_no_tokenizer_is_refused()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(Path.Combine(Family, "stories260K"), Path.Combine(root.Path, "no-tokenizer"));
        File.Delete(Path.Combine(folder, "tokenizer.model"));

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(folder));

        Assert.Equal(folder, e.File);
        Assert.Contains("no tokenizer: expected tokenizer.json or tokenizer.model", e.Message);
    }

    [Fact]
    public void Broken_config_json_is_refused_with_file_and_line()
    {
        using var root = new TempFolder();
        var folder = FolderCopy.Copy(Path.Combine(Family, "stories260K"), Path.Combine(root.Path, "bad-config"));
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\n  \"n_positions\": 64,\n  oops\n}");

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.Load(folder));

        Assert.Equal(Path.Combine(folder, "config.json"), e.File);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_folder_with_neither_models_nor_a_graph_is_refused()
    {
        using var root = new TempFolder();

        var e = Assert.Throws<ModelFormatException>(() => ModelFolder.LoadModelOrFamily(root.Path));

        Assert.Contains("neither a model folder", e.Message);
    }
}
