using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Task-level aggregates exactly as the Prize's plot_loss.py computes them: mean over examples and
/// SEM = np.std (population, ddof = 0) / √n; chance baselines from the number of classes per example.
/// </summary>
public static class Aggregator
{
    /// <param name="all">Per-example results of one run; those not scored are counted but enter no mean (nor the baselines).</param>
    /// <param name="task">The task, for class counts (baselines) and class lengths (acc_norm); optional for imports.</param>
    /// <param name="type">The task type when <paramref name="task"/> is not given (an import without its dataset).</param>
    public static AggregateMetrics Compute(IReadOnlyCollection<ExampleResult> all, TaskDataset? task, TaskType? type = null)
    {
        ArgumentNullException.ThrowIfNull(all);
        var results = all.Where(r => r.Scored).ToArray();
        var notScored = all.Count - results.Length;
        var n = results.Length;
        if (n == 0)
        {
            return new AggregateMetrics { Count = 0, NotScored = notScored };
        }

        var byIndex = task?.Examples.ToDictionary(e => e.Index);
        var isSequence = task?.Type == TaskType.SequenceProb;

        var losses = new List<double>(n);
        var correct = new List<double>(n);
        var norm = new List<double>();
        var mass = new List<double>(n);
        var lnClasses = new List<double>();
        var chance = new List<double>();
        var truncated = 0;
        foreach (var r in results)
        {
            losses.Add(r.Loss);
            correct.Add(r.Correct ? 1 : 0);
            mass.Add(Math.Exp(r.TotalLogprob));
            truncated += r.Truncated ? 1 : 0;
            if (byIndex is not null && byIndex.TryGetValue(r.Index, out var example) && example.Classes.Count > 0)
            {
                lnClasses.Add(Math.Log(example.Classes.Count));
                chance.Add(1.0 / example.Classes.Count);
                if (r.ClassLogprobs.Count == example.Classes.Count)
                {
                    norm.Add(PrizeMetrics.PredictNormalised(r.ClassLogprobs, example.Classes) == example.AnswerIndex ? 1 : 0);
                }
            }
        }

        var (meanLoss, semLoss) = MeanAndSem(losses);
        if (isSequence)
        {
            return new AggregateMetrics { Count = n, NotScored = notScored, MeanLoss = meanLoss, LossSem = semLoss, Truncated = truncated };
        }

        var (acc, accSem) = MeanAndSem(correct);
        if ((task?.Type ?? type)?.IsLogodds() == true)
        {
            // plot_loss.py's plot_logodds_loss: mean ± SEM of logodds_difference and no baseline. A class's single
            // next token has no length to normalise by, and exp(total_logprob) sums two prompts' masses.
            return new AggregateMetrics { Count = n, NotScored = notScored, MeanLoss = meanLoss, LossSem = semLoss, Accuracy = acc, AccuracySem = accSem, Truncated = truncated };
        }

        var (accNorm, accNormSem) = norm.Count == n ? MeanAndSem(norm) : (null, null);
        return new AggregateMetrics
        {
            Count = n,
            NotScored = notScored,
            MeanLoss = meanLoss,
            LossSem = semLoss,
            Accuracy = acc,
            AccuracySem = accSem,
            AccuracyNorm = accNorm,
            AccuracyNormSem = accNormSem,
            ClassMass = mass.Average(),
            LossBaseline = lnClasses.Count > 0 ? lnClasses.Average() : null,
            AccuracyBaseline = chance.Count > 0 ? chance.Average() : null,
            Truncated = truncated,
        };
    }

    /// <summary>Mean and standard error with the population standard deviation (numpy's default ddof = 0).</summary>
    public static (double? Mean, double? Sem) MeanAndSem(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return (null, null);
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, Math.Sqrt(variance) / Math.Sqrt(values.Count));
    }
}
