namespace InverseScaling.Engine.Scoring;

/// <summary>
/// The Inverse Scaling Prize's per-example classification metric (naimenz/inverse-scaling-eval-pipeline,
/// models.py): class log-probs renormalised over the classes. Pure functions, double precision.
/// </summary>
public static class PrizeMetrics
{
    /// <summary>Per-example outcome computed from the raw summed log-prob of each class.</summary>
    public readonly record struct ClassificationOutcome(double Loss, bool Correct, int Predicted, double TotalLogprob);

    public static ClassificationOutcome Classify(IReadOnlyList<double> classLogprobs, int answerIndex)
    {
        ArgumentNullException.ThrowIfNull(classLogprobs);
        if (classLogprobs.Count == 0)
        {
            throw new ArgumentException("At least one class is needed.", nameof(classLogprobs));
        }

        if ((uint)answerIndex >= (uint)classLogprobs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(answerIndex), answerIndex, $"Only {classLogprobs.Count} classes.");
        }

        var total = LogSumExp(classLogprobs);
        var predicted = ArgMax(classLogprobs);
        return new ClassificationOutcome(
            Loss: total - classLogprobs[answerIndex],
            Correct: predicted == answerIndex,
            Predicted: predicted,
            TotalLogprob: total);
    }

    /// <summary>
    /// lm-eval's acc_norm prediction: argmax of log-likelihood divided by the class's length in characters.
    /// </summary>
    public static int PredictNormalised(IReadOnlyList<double> classLogprobs, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classLogprobs);
        ArgumentNullException.ThrowIfNull(classes);
        if (classLogprobs.Count != classes.Count)
        {
            throw new ArgumentException("One log-prob per class is needed.", nameof(classLogprobs));
        }

        var normalised = new double[classes.Count];
        for (var i = 0; i < classes.Count; i++)
        {
            normalised[i] = classLogprobs[i] / Math.Max(1, classes[i].Length);
        }

        return ArgMax(normalised);
    }

    /// <summary>The Prize's <c>--invert</c> option for loss plots: −log(1 − exp(−loss)).</summary>
    public static double InvertLoss(double loss) => -Math.Log(-double.ExpM1(-loss));

    public static double LogSumExp(IReadOnlyList<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        if (double.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>First index of the maximum, as numpy's argmax breaks ties.</summary>
    public static int ArgMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
