using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>Examples a model could not score are counted, and enter no mean, SEM or chance baseline.</summary>
public sealed class AggregatorNotScoredTests
{
    [Fact]
    public void Means_and_baselines_cover_the_scored_examples_only()
    {
        var task = new TaskDataset
        {
            Name = "t",
            Type = TaskType.Classification,
            Origin = TaskOrigin.User,
            SourcePath = "t.jsonl",
            Sha256 = "00",
            Examples =
            [
                Example(0, "a", [" A", " B"], 0),
                Example(1, "b", [" A", " B"], 1),
                Example(2, "c", [" A", " B", " C", " D"], 0),
            ],
        };
        ExampleResult[] results =
        [
            new() { Index = 0, Loss = 0.5, Correct = true, Predicted = 0, TotalLogprob = Math.Log(0.5), ClassLogprobs = [-1.0, -2.0] },
            new() { Index = 1, Loss = 1.5, Correct = false, Predicted = 0, TotalLogprob = Math.Log(0.25), ClassLogprobs = [-1.0, -3.0] },
            ExampleResult.NotScored(2, "class 3 alone needs 900 tokens after the prompt, more than the model's context of 512"),
        ];

        var a = Aggregator.Compute(results, task);

        Assert.Equal((2, 1, 3), (a.Count, a.NotScored, a.Total));
        Assert.Equal(1.0, a.MeanLoss!.Value, 12);
        Assert.Equal(0.5 / Math.Sqrt(2), a.LossSem!.Value, 12);
        Assert.Equal(0.5, a.Accuracy!.Value, 12);
        Assert.Equal(0.5, a.AccuracyNorm!.Value, 12);
        Assert.Equal((0.5 + 0.25) / 2, a.ClassMass!.Value, 12);
        // Chance over the two scored 2-class examples: ln 2 and 1/2, not the 4-class example's ln 4 and 1/4.
        Assert.Equal(Math.Log(2), a.LossBaseline!.Value, 12);
        Assert.Equal(0.5, a.AccuracyBaseline!.Value, 12);
    }

    [Fact]
    public void A_run_with_nothing_scored_has_no_numbers_but_its_count()
    {
        var a = Aggregator.Compute([ExampleResult.NotScored(0, "too long")], task: null);

        Assert.Equal((0, 1), (a.Count, a.NotScored));
        Assert.Null(a.MeanLoss);
        Assert.Null(a.LossBaseline);
    }
}
