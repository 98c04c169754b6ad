using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using Microsoft.ML.OnnxRuntime.Tensors;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Models;

/// <summary>Graph layouts beyond Optimum's: GPT-2's stacked past_N cache, and graphs that return only the last position's logits.</summary>
public sealed class GraphLayoutTests
{
    private static readonly string Layouts = Fixtures.Path("models", "layouts");

    /// <summary>onnxruntime-genai's random-weight GPT-2 (past_N [2, batch, 4, past, 8], int32 ids, vocabulary 1000) with tok512 ids (all below 1000).</summary>
    private static readonly string Gpt2Stacked = Path.Combine(Layouts, "gpt2-stacked-past");

    private static readonly TaskExample[] Examples =
    [
        Example(0, "Once upon a time, there was a little girl named", [" Lily", " Tom", " a big red dog"], 0),
        Example(1, "Tom had a ball. He liked to play with his", [" ball.", " mom and dad.", " friend"], 2),
        Example(2, "One day", [" A", " B"], 1),
    ];

    [Fact]
    public void A_genai_folder_names_its_graph_context_and_model_type()
    {
        var model = ModelFolder.Load(Gpt2Stacked);

        Assert.Equal(("past.onnx", 512, false), (model.Manifest.Onnx, model.Manifest.MaxContext, model.Manifest.AddBos));
        Assert.Equal("genai_config.json model.decoder.filename", model.Sources["onnx"]);
        Assert.Equal("genai_config.json model.context_length", model.Sources["maxContext"]);
        Assert.Equal("model type gpt2 (genai_config.json model.type)", model.Sources["addBos"]);
    }

    /// <summary>
    /// onnxruntime-genai's GPT-2 graph, prompts sharing a template: they continue from its cache, or run whole where
    /// the graph refuses several new tokens on top of a past; either way the scores are the plain graph's.
    /// </summary>
    [Fact]
    public async Task Gpt2_stacked_prompts_sharing_a_template_score_as_without_a_cache()
    {
        using var cached = new OnnxModelScorerFactory(2).Open(ModelFolder.Load(Gpt2Stacked));
        using var full = new OnnxModelScorerFactory(2, new OnnxScorerOptions { UseKvCache = false }).Open(ModelFolder.Load(Gpt2Stacked));
        TaskExample[] examples =
        [
            .. new[] { "dog", "cat", "ball", "tree" }.Select((word, i) =>
                Example(i, $"Once upon a time, there was a little girl who saw a {word}. She", [" ran to it and smiled", " was sad"], i % 2)),
            Example(4, "One day", [" A", " B"], 1),
        ];

        AssertSameLogprobs(await ScoreAll(full, examples), await ScoreAll(cached, examples));
    }

    [Fact]
    public async Task Gpt2_stacked_past_is_fed_and_gathered_so_the_cache_changes_no_score()
    {
        using var cached = new OnnxModelScorerFactory(2).Open(ModelFolder.Load(Gpt2Stacked));
        using var full = new OnnxModelScorerFactory(2, new OnnxScorerOptions { UseKvCache = false }).Open(ModelFolder.Load(Gpt2Stacked));
        var layout = cached.Layout;
        Assert.Equal((1, 4, 8, TensorElementType.Int32), (layout.KvBatchAxis, layout.KvHeads, layout.KvHeadDim, layout.IdsType));
        Assert.Equal(new KvTensor("past_4", "present_4"), layout.KvTensors[4]);
        Assert.Equal([2L, 3, 4, 0, 8], layout.EmptyCacheShape(3));
        // Per position: 5 stacked tensors of key and value, 4 heads of 8 floats each.
        Assert.Equal(5 * 2 * 4 * 8 * 4L, layout.KvBytesPerPosition);
        Assert.True(cached.UsesKvCache);

        var withCache = await ScoreAll(cached, Examples);
        var withoutCache = await ScoreAll(full, Examples);

        Assert.Contains(withCache, r => r.ClassTokens!.Any(t => t.Count > 1));
        AssertSameLogprobs(withoutCache, withCache);
    }

    [Fact]
    public async Task An_optimum_kv_graph_without_position_ids_scores_the_same_with_and_without_the_cache()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(root, "no-positions", Path.Combine(Layouts, "kv_without_position_ids.onnx"), Path.Combine(Gpt2Stacked, "tokenizer.model"));
        using var cached = TestModels.Open(folder);
        using var full = TestModels.Open(folder, new OnnxScorerOptions { UseKvCache = false });
        Assert.True(cached.UsesKvCache);
        Assert.Null(cached.Layout.PositionIdsType);

        var withCache = await ScoreAll(cached, Examples);
        var withoutCache = await ScoreAll(full, Examples);

        AssertSameLogprobs(withoutCache, withCache);
    }

    [Fact]
    public void A_graph_returning_only_the_last_positions_logits_is_refused_with_the_reason()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(root, "last", Path.Combine(Layouts, "last_position_logits.onnx"), Path.Combine(Gpt2Stacked, "tokenizer.model"));

        var e = Assert.Throws<ModelFormatException>(() => TestModels.Open(folder));

        Assert.EndsWith("last_position_logits.onnx", e.File);
        Assert.Contains("returns the last position's logits only", e.Message);
        Assert.Contains("export the graph with logits for every position", e.Message);
    }

    private static void AssertSameLogprobs(IReadOnlyList<ExampleResult> expected, IReadOnlyList<ExampleResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (a, b) in expected.Zip(actual))
        {
            Assert.Equal(a.ClassLogprobs.Count, b.ClassLogprobs.Count);
            Assert.All(a.ClassLogprobs.Zip(b.ClassLogprobs), p => Assert.Equal(p.First, p.Second, 1e-4));
        }
    }
}
