namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Task-level numbers as the Prize plots them: means over examples with SEM = population std / √n.
/// Fields are null when the source does not provide them (e.g. an aggregate-only import without loss).
/// </summary>
public sealed record AggregateMetrics
{
    /// <summary>Examples scored, the n of every mean and SEM here.</summary>
    public required int Count { get; init; }

    /// <summary>Examples the model could not score (a class longer than its context); left out of every number here.</summary>
    public int NotScored { get; init; }

    /// <summary>Every example of the run: scored or not.</summary>
    public int Total => Count + NotScored;

    /// <summary>Mean of <see cref="ExampleResult.Loss"/>: the task type's metric (logodds_difference for logodds tasks).</summary>
    public double? MeanLoss { get; init; }

    public double? LossSem { get; init; }

    public double? Accuracy { get; init; }

    public double? AccuracySem { get; init; }

    /// <summary>lm-eval's acc_norm: argmax of log-prob divided by the class's length in characters.</summary>
    public double? AccuracyNorm { get; init; }

    public double? AccuracyNormSem { get; init; }

    /// <summary>Mean exp(total_logprob): how much probability the classes get together.</summary>
    public double? ClassMass { get; init; }

    /// <summary>Chance loss: mean ln(#classes).</summary>
    public double? LossBaseline { get; init; }

    /// <summary>Chance accuracy: mean 1/#classes.</summary>
    public double? AccuracyBaseline { get; init; }

    /// <summary>How many prompts were left-truncated to fit the context.</summary>
    public int Truncated { get; init; }
}
