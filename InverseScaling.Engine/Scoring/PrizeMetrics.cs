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

    /// <summary>Per-example outcome of a logodds task.</summary>
    /// <param name="Difference">The pipeline's <c>logodds_difference</c>.</param>
    /// <param name="Correct">The argmax class after <c>other_prompt</c> is the answer.</param>
    /// <param name="Predicted">That argmax class.</param>
    /// <param name="TotalLogprob">logsumexp over both prompts' class log-probs.</param>
    public readonly record struct LogoddsOutcome(double Difference, bool Correct, int Predicted, double TotalLogprob);

    /// <summary>
    /// The pipeline's logodds metric (models.py, <c>HFModel._evaluate_logodds</c>; <c>GPT3Model._evaluate_logodds</c>
    /// for more than two classes): logodds = log p(class 0) − log p(class 1) after each prompt (renormalising over the
    /// classes subtracts the same constant from both, so the raw log-probs give the same number);
    /// difference = logodds(prompt) − logodds(other_prompt), negated when the answer is class 1 (only 1: with three
    /// classes an answer of 2 keeps the sign, as in the pipeline), and its absolute value for absolute_logodds.
    /// </summary>
    /// <param name="promptLogprobs">Per class, the log-prob of its token as the next token after <c>prompt</c>.</param>
    /// <param name="otherLogprobs">The same after <c>other_prompt</c>.</param>
    /// <param name="answerIndex">The example's answer_index.</param>
    /// <param name="absolute">absolute_logodds: the size of the difference.</param>
    public static LogoddsOutcome Logodds(IReadOnlyList<double> promptLogprobs, IReadOnlyList<double> otherLogprobs, int answerIndex, bool absolute)
    {
        ArgumentNullException.ThrowIfNull(promptLogprobs);
        ArgumentNullException.ThrowIfNull(otherLogprobs);
        if (promptLogprobs.Count < 2 || otherLogprobs.Count != promptLogprobs.Count)
        {
            throw new ArgumentException("Two or more classes, the same number after each prompt, are needed.", nameof(otherLogprobs));
        }

        if ((uint)answerIndex >= (uint)promptLogprobs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(answerIndex), answerIndex, $"Only {promptLogprobs.Count} classes.");
        }

        var difference = (promptLogprobs[0] - promptLogprobs[1]) - (otherLogprobs[0] - otherLogprobs[1]);
        if (answerIndex == 1)
        {
            difference = -difference;
        }

        var predicted = ArgMax(otherLogprobs);
        return new LogoddsOutcome(
            Difference: absolute ? Math.Abs(difference) : difference,
            Correct: predicted == answerIndex,
            Predicted: predicted,
            TotalLogprob: LogSumExp([.. promptLogprobs, .. otherLogprobs]));
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
