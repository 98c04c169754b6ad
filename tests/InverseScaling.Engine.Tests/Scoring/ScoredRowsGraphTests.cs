using InverseScaling.Engine.Models;
using InverseScaling.Engine.Models.Onnx;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using InverseScaling.Tests.Support;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>The LM head applied only at scored rows, through a graph derived from the model's own (issue 15, part 2).</summary>
public sealed class ScoredRowsGraphTests
{
    [Theory]
    [InlineData("stories260K")]
    [InlineData("llama2xs-279K")]
    [InlineData("TinyStories-656K")]
    public async Task Scores_equal_the_full_logits_graph_and_the_derived_graph_is_cached_outside_the_model_folder(string model)
    {
        var folder = TestModels.Bundled(model);
        var before = Directory.GetFiles(folder).Order().ToArray();
        using var derived = TestModels.Open(folder);
        using var full = TestModels.Open(folder, new OnnxScorerOptions { HeadAtScoredRowsOnly = false });
        var examples = new[]
        {
            Example(0, "Once upon a time, there was a little girl named", [" Lily", " Tom", " a big red dog"], 0),
            Example(1, "Tom had a ball. He liked to play with his", [" ball.", " mom and dad.", " friend"], 2),
            Example(2, "She saw a big", [" dog", " tree", " car"], 1),
        };

        var withHead = await ScoreAll(full, examples);
        var scoredRows = await ScoreAll(derived, examples);

        Assert.True(derived.Layout.HasScoredRows);
        Assert.False(full.Layout.HasScoredRows);
        Assert.Equal(before, Directory.GetFiles(folder).Order().ToArray());
        Assert.Equal(withHead.Select(r => r.ClassTokens!.Select(t => t.Select(s => s.Id))), scoredRows.Select(r => r.ClassTokens!.Select(t => t.Select(s => s.Id))));
        for (var i = 0; i < examples.Length; i++)
        {
            Assert.Equal(withHead[i].ClassLogprobs.Count, scoredRows[i].ClassLogprobs.Count);
            Assert.All(withHead[i].ClassLogprobs.Zip(scoredRows[i].ClassLogprobs), p => Assert.Equal(p.First, p.Second, 1e-5));
        }
    }

    [Fact]
    public void A_graph_whose_logits_are_not_one_matmul_is_left_alone()
    {
        using var source = new MemoryStream(new ProtoWriter()
            .Int(OnnxMessages.ModelIrVersion, 8)
            .Message(OnnxMessages.ModelOpsetImport, o => o.Int(2, 17))
            .Message(OnnxMessages.ModelGraph, g => g
                .Bytes(OnnxMessages.GraphNode, OnnxMessages.Node("Add", ["a", "b"], ["logits"]))
                .Bytes(OnnxMessages.GraphOutput, OnnxMessages.ValueInfo("logits", OnnxMessages.ElementFloat, "batch", "sequence", 8L)))
            .ToArray());

        Assert.False(ScoredRowsGraph.TryRewrite(source, new MemoryStream()));
    }

    [Fact]
    public void A_new_derivation_deletes_the_copies_an_earlier_version_left()
    {
        using var folder = new TempFolder();
        var onnx = folder.Copy(Path.Combine(TestModels.Bundled("stories260K"), "model.onnx"), "model.onnx");
        var cache = Path.GetDirectoryName(ScoredRowsGraph.Prepare(onnx))!;
        var stale = Path.Combine(cache, "model.onnx.scored-rows-v1.onnx");
        File.WriteAllText(stale, "an earlier version's graph");
        var unrelated = Path.Combine(cache, "other.onnx.scored-rows-v1.onnx");
        File.WriteAllText(unrelated, "another graph's");
        // A changed model is derived again.
        File.SetLastWriteTimeUtc(onnx, DateTime.UtcNow.AddMinutes(1));

        var derived = ScoredRowsGraph.Prepare(onnx);

        Assert.Equal(cache, Path.GetDirectoryName(derived));
        Assert.True(File.Exists(derived));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
        Directory.Delete(cache, recursive: true);
    }
}
