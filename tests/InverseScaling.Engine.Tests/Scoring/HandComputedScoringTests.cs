using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using InverseScaling.Engine.Tokenization;
using Microsoft.ML.OnnxRuntime.Tensors;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// A graph whose numbers are known exactly (Models/Fixtures/int32_onehot.onnx, int32 ids): the logits at each position
/// are 2 for the token at that position and 0 for the other 511, so log p(next) = (next == current ? 2 : 0) − ln(e² + 511).
/// </summary>
public sealed class HandComputedScoringTests
{
    private static readonly double LogNormaliser = Math.Log(Math.Exp(2) + 511);

    [Fact]
    public async Task Int32_graph_scores_equal_the_hand_computed_log_probs()
    {
        using var root = new TempFolder();
        var tokenizerPath = Fixtures.Models("llama2c", "stories260K", "tok512.model");
        var folder = TestModels.Folder(
            root, "onehot", Fixtures.Path("onnx-graphs", "int32_onehot.onnx"), tokenizerPath);
        using var scorer = TestModels.Open(folder);
        var tokenizer = TokenizerLoader.Load(tokenizerPath);
        const string prompt = "He said no";
        string[] classes = [" no\n\n\n", " yes", " no"];
        Assert.Equal(TensorElementType.Int32, scorer.Layout.IdsType);

        var result = Assert.Single(await ScoreAll(scorer, [Example(0, prompt, classes, answer: 1)]));

        int[] context = [1, .. tokenizer.Encode(prompt)];
        var sums = new double[classes.Length];
        for (var c = 0; c < classes.Length; c++)
        {
            int[] full = [1, .. tokenizer.Encode(prompt + classes[c])];
            Assert.Equal(context, full[..context.Length]);
            var expected = Enumerable.Range(context.Length, full.Length - context.Length)
                .Select(t => (full[t] == full[t - 1] ? 2 : 0) - LogNormaliser)
                .ToArray();
            Assert.Equal(full[context.Length..], result.ClassTokens![c].Select(t => t.Id));
            Assert.Equal(expected, result.ClassTokens[c].Select(t => t.Logprob), (a, b) => Math.Abs(a - b) < 1e-6);
            // Each token's log-prob is a float32 within 1e-6 of the exact value; their sum within that per token
            // (which CPU kernel ORT picks, AVX2 or AVX-512, decides where in that band the rounding falls).
            Assert.Equal(expected.Sum(), result.ClassLogprobs[c], expected.Length * 1e-6);
            sums[c] = expected.Sum();
        }

        // The repeated newlines repeat a byte piece, which the graph rewards: both kinds of position occur.
        Assert.Contains(result.ClassTokens![0], t => Math.Abs(t.Logprob - (2 - LogNormaliser)) < 1e-6);
        Assert.Contains(result.ClassTokens[0], t => Math.Abs(t.Logprob + LogNormaliser) < 1e-6);
        var total = Math.Log(sums.Sum(Math.Exp));
        Assert.Equal(total - sums[1], result.Loss, 1e-6);
        Assert.Equal(total, result.TotalLogprob, 1e-6);
        Assert.Equal(Array.IndexOf(sums, sums.Max()), result.Predicted);
    }
}
