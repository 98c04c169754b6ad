namespace InverseScaling.Dashboard.Model;

/// <summary>What the scaling chart plots on the y-axis.</summary>
public enum ScalingMetric
{
    /// <summary>The Prize's metric: mean class-renormalised NLL of the answer.</summary>
    Loss,
    Accuracy,
    /// <summary>lm-eval's acc_norm (log-prob divided by class length in characters).</summary>
    AccuracyNorm,
    /// <summary>Mean probability mass the classes get together (a sanity check on the class strings).</summary>
    ClassMass,
}

/// <summary>What the scaling chart plots on the x-axis.</summary>
public enum ScalingAxis
{
    Parameters,
    TrainingTokens,
    /// <summary>Training step of checkpoints at fixed size (one trace per family × size).</summary>
    TrainingStep,
}

/// <summary>Display names and URL tokens of the scaling options, in one place.</summary>
public static class ScalingOptionText
{
    public static string Token(this ScalingMetric metric) => metric switch
    {
        ScalingMetric.Loss => "loss",
        ScalingMetric.Accuracy => "acc",
        ScalingMetric.AccuracyNorm => "acc_norm",
        ScalingMetric.ClassMass => "mass",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public static string Label(this ScalingMetric metric) => metric switch
    {
        ScalingMetric.Loss => "Loss (class-renormalised NLL)",
        ScalingMetric.Accuracy => "Accuracy",
        ScalingMetric.AccuracyNorm => "Accuracy (acc_norm)",
        ScalingMetric.ClassMass => "Class probability mass",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Loss is the only metric where lower is better.</summary>
    public static bool HigherIsBetter(this ScalingMetric metric) => metric != ScalingMetric.Loss;

    public static string Token(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "params",
        ScalingAxis.TrainingTokens => "tokens",
        ScalingAxis.TrainingStep => "step",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public static string Label(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "Parameters",
        ScalingAxis.TrainingTokens => "Training tokens",
        ScalingAxis.TrainingStep => "Training step",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public static ScalingMetric ParseMetric(string? token) =>
        Enum.GetValues<ScalingMetric>().FirstOrDefault(m => string.Equals(m.Token(), token, StringComparison.OrdinalIgnoreCase));

    public static ScalingAxis ParseAxis(string? token) =>
        Enum.GetValues<ScalingAxis>().FirstOrDefault(a => string.Equals(a.Token(), token, StringComparison.OrdinalIgnoreCase));
}
