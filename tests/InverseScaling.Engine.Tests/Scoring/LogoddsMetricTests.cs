using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary><see cref="PrizeMetrics.Logodds"/> and the logodds aggregates on hand-computed numbers.</summary>
public sealed class LogoddsMetricTests
{
    [Fact]
    public void Difference_is_prompt_logodds_minus_other_logodds()
    {
        // logodds(prompt) = ln 0.6 − ln 0.2 = ln 3; logodds(other) = ln 0.1 − ln 0.4 = −ln 4.
        var outcome = PrizeMetrics.Logodds([Math.Log(0.6), Math.Log(0.2)], [Math.Log(0.1), Math.Log(0.4)], answerIndex: 0, absolute: false);

        Assert.Equal(Math.Log(3) + Math.Log(4), outcome.Difference, 1e-12);
        Assert.Equal(1, outcome.Predicted);
        Assert.False(outcome.Correct);
        Assert.Equal(Math.Log(0.6 + 0.2 + 0.1 + 0.4), outcome.TotalLogprob, 1e-12);
    }

    [Fact]
    public void Answer_one_flips_the_sign_and_absolute_takes_the_size()
    {
        double[] prompt = [Math.Log(0.6), Math.Log(0.2)];
        double[] other = [Math.Log(0.1), Math.Log(0.4)];

        var flipped = PrizeMetrics.Logodds(prompt, other, answerIndex: 1, absolute: false);
        var absolute = PrizeMetrics.Logodds(prompt, other, answerIndex: 1, absolute: true);

        Assert.Equal(-Math.Log(12), flipped.Difference, 1e-12);
        Assert.True(flipped.Correct);
        Assert.Equal(Math.Log(12), absolute.Difference, 1e-12);
    }

    [Fact]
    public void Three_classes_compare_the_first_two_and_an_answer_of_two_keeps_the_sign()
    {
        // As GPT3Model._evaluate_logodds: classes 0 and 1 only; the flip is for answer_index == 1 alone.
        double[] prompt = [Math.Log(0.5), Math.Log(0.25), Math.Log(0.125)];
        double[] other = [Math.Log(0.25), Math.Log(0.25), Math.Log(0.5)];

        var outcome = PrizeMetrics.Logodds(prompt, other, answerIndex: 2, absolute: false);

        Assert.Equal(Math.Log(2), outcome.Difference, 1e-12);
        Assert.Equal(2, outcome.Predicted);
        Assert.True(outcome.Correct);
    }

    [Fact]
    public void Aggregates_are_the_mean_and_sem_of_the_difference_without_a_chance_baseline()
    {
        ExampleResult[] results =
        [
            new() { Index = 0, Loss = 1.0, Correct = true },
            new() { Index = 1, Loss = -2.0, Correct = false },
            new() { Index = 2, Loss = 4.0, Correct = true },
        ];

        var aggregate = Aggregator.Compute(results, task: null, TaskType.AbsoluteLogodds);

        Assert.Equal(1.0, aggregate.MeanLoss!.Value, 1e-12);
        // Deviations 0, −3, 3: population variance 18 / 3 = 6.
        Assert.Equal(Math.Sqrt(6.0) / Math.Sqrt(3), aggregate.LossSem!.Value, 1e-12);
        Assert.Equal(2.0 / 3, aggregate.Accuracy!.Value, 1e-12);
        Assert.Null(aggregate.LossBaseline);
        Assert.Null(aggregate.AccuracyBaseline);
        Assert.Null(aggregate.AccuracyNorm);
    }
}
