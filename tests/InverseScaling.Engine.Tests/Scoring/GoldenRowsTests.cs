using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// stories260K on real dataset rows against the independent reference (Golden/README.md): per-class log-probs to
/// 1e-4 through both graph layouts, and the Prize metrics recomputed by hand from the log-probs to 1e-9.
/// </summary>
public sealed class GoldenRowsTests
{
    private static readonly Lazy<Golden> Rows = new(Golden.Load);

    [Fact]
    public void Golden_prompts_are_the_first_rows_of_the_official_dataset_files()
    {
        foreach (var group in Rows.Value.Examples.GroupBy(e => e.File))
        {
            var lines = File.ReadLines(Fixtures.InverseScaling(group.Key)).Take(group.Count()).ToList();
            foreach (var example in group)
            {
                using var row = JsonDocument.Parse(lines[example.Index]);
                Assert.Equal(row.RootElement.GetProperty("prompt").GetString(), example.Prompt);
                Assert.Equal(row.RootElement.GetProperty("answer_index").GetInt32(), example.AnswerIndex);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Per_class_log_probs_match_the_reference_to_1e4(bool kvGraph)
    {
        using var root = new TempFolder();
        var folder = kvGraph
            ? TestModels.Bundled("stories260K")
            : TestModels.Folder(root, "plain", Fixtures.Models("onnx", "stories260K", "model.onnx"), Fixtures.Models("llama2c", "stories260K", "tok512.model"));
        using var scorer = TestModels.Open(folder);
        Assert.Equal(kvGraph, scorer.UsesKvCache);
        var golden = Rows.Value.Examples;

        var results = await ScoreAll(scorer, [.. golden.Select((g, i) => Example(i, g.Prompt, g.Classes, g.AnswerIndex))]);

        Assert.Equal(golden.Count, results.Count);
        for (var i = 0; i < golden.Count; i++)
        {
            var (expected, actual) = (golden[i], results[i]);
            Assert.Equal(expected.Cut > 0, actual.Truncated);
            for (var c = 0; c < expected.Scores.Count; c++)
            {
                var score = expected.Scores[c];
                Assert.Equal(score.ScoredIds, actual.ClassTokens![c].Select(t => t.Id).ToArray());
                Assert.Equal(score.Logprob, actual.ClassLogprobs[c], 1e-4);
                for (var t = 0; t < score.TokenLogprobs.Length; t++)
                {
                    Assert.Equal(score.TokenLogprobs[t], actual.ClassTokens[c][t].Logprob, 1e-4);
                }
            }

            if (expected.Cut > 0)
            {
                // Left truncation: the prompt keeps its last tokens, so the longest class row fills the context exactly.
                Assert.Equal(512 + 1 - expected.Scores.Max(s => s.ScoredIds.Length), actual.PromptTokens);
            }
        }

        Assert.Contains(results, r => r.Truncated);
        Assert.Contains(results, r => !r.Truncated);
    }

    [Fact]
    public async Task Loss_correct_predicted_and_total_logprob_equal_a_hand_computation_to_1e9()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("stories260K"));
        var golden = Rows.Value.Examples;

        var results = await ScoreAll(scorer, [.. golden.Select((g, i) => Example(i, g.Prompt, g.Classes, g.AnswerIndex))]);

        for (var i = 0; i < golden.Count; i++)
        {
            var lp = results[i].ClassLogprobs;
            Assert.Equal(results[i].ClassTokens!.Select(tokens => tokens.Sum(t => t.Logprob)), lp);
            var max = lp.Max();
            var total = max + Math.Log(lp.Sum(x => Math.Exp(x - max)));
            var predicted = lp.ToList().IndexOf(max);
            Assert.Equal(total, results[i].TotalLogprob, 1e-9);
            Assert.Equal(-(lp[golden[i].AnswerIndex] - total), results[i].Loss, 1e-9);
            Assert.Equal(predicted, results[i].Predicted);
            Assert.Equal(predicted == golden[i].AnswerIndex, results[i].Correct);

            // And against the reference's own log-probs, the loss agrees to the log-prob tolerance.
            var reference = golden[i].Scores.Select(s => s.Logprob).ToArray();
            var referenceTotal = Math.Log(reference.Sum(Math.Exp));
            Assert.Equal(referenceTotal - reference[golden[i].AnswerIndex], results[i].Loss, 2e-4);
        }

        var accuracy = results.Average(r => r.Correct ? 1.0 : 0.0);
        var aggregate = Aggregator.Compute(results, null);
        Assert.Equal(accuracy, aggregate.Accuracy!.Value, 1e-9);
        Assert.Equal(results.Average(r => r.Loss), aggregate.MeanLoss!.Value, 1e-9);
    }

    private sealed record Golden(List<GoldenExample> Examples)
    {
        private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        public static Golden Load()
        {
            var path = Fixtures.Path("golden", "stories260k_rows.json");
            return JsonSerializer.Deserialize<Golden>(File.ReadAllText(path), SnakeCase)!;
        }
    }

    private sealed record GoldenExample(string File, int Index, string Prompt, List<string> Classes, int AnswerIndex, int Cut, List<GoldenScore> Scores);

    private sealed record GoldenScore(int[] FullIds, int ScoredFrom, int[] ScoredIds, double[] TokenLogprobs, double Logprob);
}
