using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;

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
    /// <summary>Training compute, estimated as 6 · parameters · training tokens (see <see cref="ScalingOptionText.TrainingCompute"/>).</summary>
    TrainingCompute,
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

    /// <summary>
    /// The label of the metric on a task of <paramref name="type"/>: a logodds task's per-example metric is its
    /// logodds difference, labelled as the pipeline's plot_loss.py labels its y-axis.
    /// </summary>
    public static string Label(this ScalingMetric metric, TaskType type) =>
        metric == ScalingMetric.Loss && type.IsLogodds() ? MetricName(type) : metric.Label();

    /// <summary>What a run's per-example <c>Loss</c> is on a task of <paramref name="type"/>, as a column or axis title.</summary>
    public static string MetricName(TaskType type) => type switch
    {
        TaskType.Logodds => "Logodds difference",
        TaskType.AbsoluteLogodds => "Absolute logodds difference",
        _ => "Loss",
    };

    /// <summary>The metric inside a sentence ("no run has …"): lower case except names and acronyms.</summary>
    public static string Noun(this ScalingMetric metric) => metric switch
    {
        ScalingMetric.Loss => "loss",
        ScalingMetric.Accuracy => "accuracy",
        ScalingMetric.AccuracyNorm => "acc_norm",
        ScalingMetric.ClassMass => "class probability mass",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Loss is the only metric where lower is better.</summary>
    public static bool HigherIsBetter(this ScalingMetric metric) => metric != ScalingMetric.Loss;

    public static string Token(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "params",
        ScalingAxis.TrainingTokens => "tokens",
        ScalingAxis.TrainingStep => "step",
        ScalingAxis.TrainingCompute => "flops",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public static string Label(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "Parameters",
        ScalingAxis.TrainingTokens => "Training tokens",
        ScalingAxis.TrainingStep => "Training step",
        ScalingAxis.TrainingCompute => "Training compute (FLOPs ≈ 6·N·D)",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    /// <summary>The axis inside a sentence or a chart title ("loss vs …").</summary>
    public static string Noun(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "parameters",
        ScalingAxis.TrainingTokens => "training tokens",
        ScalingAxis.TrainingStep => "training step",
        ScalingAxis.TrainingCompute => "training compute (FLOPs ≈ 6·N·D)",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    /// <summary>Shown wherever the compute axis is: the number is an estimate, and this is how it is made.</summary>
    public const string ComputeExplanation =
        "Training compute is estimated as 6 · N · D FLOPs (N parameters, D training tokens): the standard approximation of "
        + "Kaplan et al. (2020) and Chinchilla (Hoffmann et al., 2022), about 2 FLOPs per parameter per token forward and 4 backward.";

    /// <summary>The x value of a run on an axis; null when the run does not say (such runs are left off that chart).</summary>
    public static double? XOf(this ScalingAxis axis, RunRecord run) => axis switch
    {
        ScalingAxis.Parameters => run.Parameters,
        ScalingAxis.TrainingTokens => run.TrainingTokens,
        ScalingAxis.TrainingStep => run.TrainingStep,
        ScalingAxis.TrainingCompute => TrainingCompute(run),
        _ => null,
    };

    /// <summary>What a run must record to appear on the axis, for "left off because … is not known".</summary>
    public static string MissingWhat(this ScalingAxis axis) => axis switch
    {
        ScalingAxis.Parameters => "parameter count",
        ScalingAxis.TrainingTokens => "training token count",
        ScalingAxis.TrainingStep => "training step",
        ScalingAxis.TrainingCompute => "parameter count or training token count",
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    /// <summary>6 · N · D, or null unless both the parameter count and the training tokens are known.</summary>
    public static double? TrainingCompute(RunRecord run) =>
        run is { Parameters: { } n, TrainingTokens: { } d } ? 6.0 * n * d : null;

    /// <summary>An x value as the table, ticks and hover write it: steps in full, FLOPs in powers of ten, sizes as 1.3B.</summary>
    public static string FormatX(this ScalingAxis axis, double value) => axis switch
    {
        ScalingAxis.TrainingStep => value.ToString("N0", CultureInfo.InvariantCulture),
        ScalingAxis.TrainingCompute => value.ToString("0.0#e+0", CultureInfo.InvariantCulture),
        _ => NumberFormat.Size(value),
    };

    public static ScalingMetric ParseMetric(string? token) =>
        Enum.GetValues<ScalingMetric>().FirstOrDefault(m => string.Equals(m.Token(), token, StringComparison.OrdinalIgnoreCase));

    public static ScalingAxis ParseAxis(string? token) =>
        Enum.GetValues<ScalingAxis>().FirstOrDefault(a => string.Equals(a.Token(), token, StringComparison.OrdinalIgnoreCase));
}
