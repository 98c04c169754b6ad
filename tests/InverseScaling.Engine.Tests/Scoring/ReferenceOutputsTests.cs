using System.Text.Json;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// The continuation scores of shared/models/onnx/&lt;model&gt;/reference_outputs.json (" dog", " tree", " car" after the
/// TinyStories context), computed by the independent pure-Python forward pass, for every model and graph layout.
/// </summary>
public sealed class ReferenceOutputsTests
{
    public static TheoryData<string, string, bool> Models => new()
    {
        { "stories260K", "bundled (KV cache)", true },
        { "stories260K", "plain", false },
        { "stories260K", "bundled (KV graph run without cache)", false },
        { "llama2xs-279K", "bundled (plain)", false },
        { "TinyStories-656K", "bundled (KV cache)", true },
        { "TinyStories-656K", "plain", false },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Continuation_scores_match_the_reference_to_1e4(string model, string variant, bool useKvCache)
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(Fixtures.Models("onnx", model, "reference_outputs.json")));
        var scoring = reference.RootElement.GetProperty("scoring");
        var expected = scoring.GetProperty("continuations").EnumerateArray().ToList();
        using var root = new TempFolder();
        var folder = variant == "plain"
            ? TestModels.Folder(root, model, Fixtures.Models("onnx", model, "model.onnx"), TestModels.Bundled(model) + "/" + (model == "TinyStories-656K" ? "tokenizer.json" : "tok512.model"))
            : TestModels.Bundled(model);
        using var scorer = TestModels.Open(folder, new OnnxScorerOptions { UseKvCache = useKvCache });
        Assert.Equal(useKvCache, scorer.UsesKvCache);

        var example = Example(0, scoring.GetProperty("context").GetString()!, [.. expected.Select(c => c.GetProperty("continuation").GetString()!)]);
        var result = Assert.Single(await ScoreAll(scorer, [example]));

        for (var c = 0; c < expected.Count; c++)
        {
            Assert.Equal(expected[c].GetProperty("sum_logprob").GetDouble(), result.ClassLogprobs[c], 1e-4);
            var ids = expected[c].GetProperty("scored_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var logprobs = expected[c].GetProperty("token_logprobs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(ids, result.ClassTokens![c].Select(t => t.Id).ToArray());
            for (var t = 0; t < ids.Length; t++)
            {
                Assert.Equal(logprobs[t], result.ClassTokens[c][t].Logprob, 1e-4);
            }
        }

        Assert.False(result.Truncated);
        Assert.Equal(scoring.GetProperty("context_ids").GetArrayLength() - (model == "TinyStories-656K" ? 2 : 0), result.PromptTokens);
    }
}
