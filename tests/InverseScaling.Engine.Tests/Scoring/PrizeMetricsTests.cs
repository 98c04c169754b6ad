using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Tests.Scoring;

public sealed class PrizeMetricsTests
{
    [Fact]
    public void Two_classes_renormalise_to_the_softmax_of_their_logprobs()
    {
        // Hand computation: p(answer) = e^-1 / (e^-1 + e^-3) = 1 / (1 + e^-2).
        var outcome = PrizeMetrics.Classify([-1.0, -3.0], answerIndex: 1);

        Assert.Equal(-Math.Log(Math.Exp(-2) / (1 + Math.Exp(-2))), outcome.Loss, 12);
        Assert.False(outcome.Correct);
        Assert.Equal(0, outcome.Predicted);
        Assert.Equal(Math.Log(Math.Exp(-1) + Math.Exp(-3)), outcome.TotalLogprob, 12);
    }

    [Fact]
    public void Ties_pick_the_first_class_like_numpy_argmax()
    {
        var outcome = PrizeMetrics.Classify([-2.0, -2.0], answerIndex: 1);

        Assert.Equal(0, outcome.Predicted);
        Assert.Equal(Math.Log(2), outcome.Loss, 12);
    }

    [Fact]
    public void Acc_norm_divides_by_character_length()
    {
        // " a" (2 chars) at -3 → -1.5 per char; " abcdef" (7 chars) at -7 → -1 per char: the longer class wins.
        Assert.Equal(1, PrizeMetrics.PredictNormalised([-3.0, -7.0], [" a", " abcdef"]));
        Assert.Equal(0, PrizeMetrics.ArgMax([-3.0, -7.0]));
    }

    [Fact]
    public void Sem_uses_population_standard_deviation()
    {
        // values 0,1,1,0: mean 0.5, population variance 0.25 → std 0.5, SEM 0.5/2.
        var (mean, sem) = Aggregator.MeanAndSem([0.0, 1.0, 1.0, 0.0]);

        Assert.Equal(0.5, mean);
        Assert.Equal(0.25, sem!.Value, 12);
    }
}
