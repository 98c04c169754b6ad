using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>How a ranked curve's interval was obtained.</summary>
public enum StrengthInterval
{
    /// <summary>95 % percentile bootstrap over examples (paired: one resample of the examples serves every size).</summary>
    Bootstrap,

    /// <summary>±1.96 standard errors of the slope, propagated from each size's SEM (aggregate-only sources).</summary>
    Sem,

    /// <summary>Some size has no standard error: no interval.</summary>
    None,
}

/// <summary>One size on a ranked curve: log₁₀ parameters and the metric's mean.</summary>
public readonly record struct RankPoint(double Log10Parameters, double Value, double? Sem);

/// <summary>A task × family curve with its inverse-scaling strength.</summary>
/// <param name="Strength">Slope of loss per decade of parameters (for accuracy: minus the slope); positive = worse with scale.</param>
public sealed record RankedCurve(
    string Task,
    string Family,
    ScalingMetric Metric,
    double Strength,
    double? Low,
    double? High,
    StrengthInterval Interval,
    TrendVerdict Verdict,
    IReadOnlyList<RankPoint> Points)
{
    /// <summary>The whole interval lies above zero: inverse scaling beyond the noise.</summary>
    public bool SignificantlyInverse => Low is > 0;
}

/// <summary>
/// "Where does my family get worse?": for every task × family with at least <see cref="MinimumSizes"/> sizes, the
/// inverse-scaling strength — the least-squares slope of the Prize loss against log₁₀(parameters), or of accuracy
/// with its sign flipped, so that positive always means "worse with scale" — with a 95 % interval, the trend verdict
/// and the points for a sparkline, strongest first.
/// </summary>
public static class InverseScalingRanking
{
    public const int MinimumSizes = 3;

    /// <summary>Bootstrap resamples; the interval's percentiles are stable to about ±0.01 slope units at this count.</summary>
    public const int BootstrapSamples = 1000;

    /// <summary>The statistic in two sentences, for the page and the command line.</summary>
    public const string Explanation =
        "Strength = the least-squares slope of the Prize loss against log₁₀(parameters) (for accuracy, minus its slope), so a " +
        "positive strength means the family gets worse by that much per tenfold increase in size. The 95 % interval is a " +
        "bootstrap over examples (the same resampled examples for every size) when per-example results exist, otherwise " +
        "±1.96 standard errors of the slope propagated from each size's SEM; only families with at least three sizes are ranked.";

    /// <param name="tasks">Each task's runs (any status; the current run per model is chosen here).</param>
    /// <param name="metric">Loss or accuracy; null ranks each curve on loss when every size has it, else on accuracy.</param>
    /// <param name="perExample">Per-example results of a run (null or empty when it has none).</param>
    public static IReadOnlyList<RankedCurve> Rank(
        IEnumerable<(string Task, IReadOnlyList<RunRecord> Runs)> tasks,
        ScalingMetric? metric,
        Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var ranked = new List<RankedCurve>();
        foreach (var (task, runs) in tasks)
        {
            foreach (var family in RunSelection.Current(runs, shots: 0).Where(r => r.Parameters > 0).GroupBy(r => r.Family, StringComparer.Ordinal))
            {
                // One run per size: the final checkpoint (no step, else the latest) of each parameter count.
                var sizes = family.GroupBy(r => r.Parameters!.Value)
                    .Select(g => g.OrderByDescending(r => r.TrainingStep ?? long.MaxValue).First())
                    .OrderBy(r => r.Parameters)
                    .ToArray();
                if (sizes.Length < MinimumSizes)
                {
                    continue;
                }

                var chosen = metric ?? (sizes.All(r => r.Aggregate?.MeanLoss is not null) ? ScalingMetric.Loss : ScalingMetric.Accuracy);
                if (Curve(task, family.Key, chosen, sizes, perExample) is { } curve)
                {
                    ranked.Add(curve);
                }
            }
        }

        return ranked.OrderByDescending(c => c.Strength).ThenBy(c => c.Task, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static RankedCurve? Curve(string task, string family, ScalingMetric metric, RunRecord[] sizes, Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample)
    {
        var isLoss = metric == ScalingMetric.Loss;
        var points = new List<RankPoint>(sizes.Length);
        foreach (var run in sizes)
        {
            var value = isLoss ? run.Aggregate?.MeanLoss : run.Aggregate?.Accuracy;
            if (value is null)
            {
                return null;
            }

            points.Add(new RankPoint(Math.Log10(run.Parameters!.Value), value.Value, isLoss ? run.Aggregate!.LossSem : run.Aggregate!.AccuracySem));
        }

        var x = points.Select(p => p.Log10Parameters).ToArray();
        var sign = isLoss ? 1.0 : -1.0;
        var strength = sign * Slope(x, points.Select(p => p.Value).ToArray());
        var verdict = TrendClassifier.Classify(points.Select(p => new TrendPoint(p.Log10Parameters, p.Value, p.Sem ?? double.NaN)), higherIsBetter: !isLoss);

        var (low, high, interval) = BootstrapInterval(sizes, x, sign, isLoss, perExample) ?? SemInterval(x, points, strength);
        return new RankedCurve(task, family, metric, strength, low, high, interval, verdict, points);
    }

    /// <summary>Least-squares slope of <paramref name="y"/> on <paramref name="x"/>.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var meanX = x.Average();
        var meanY = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }

        return sxx > 0 ? sxy / sxx : 0;
    }

    /// <summary>
    /// Percentile bootstrap of the strength over the examples every size has a result for: each resample draws that many
    /// examples with replacement, the same draw for every size, so the slope's noise from which examples were asked is
    /// what the interval shows. Null when some size has no per-example results.
    /// </summary>
    private static (double?, double?, StrengthInterval)? BootstrapInterval(
        RunRecord[] sizes, double[] x, double sign, bool isLoss, Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample)
    {
        if (!sizes.All(r => r.Source.HasPerExampleResults))
        {
            return null;
        }

        var results = sizes.Select(r => perExample(r) ?? []).ToArray();
        if (results.Any(r => r.Count == 0))
        {
            return null;
        }

        var common = results.Select(r => r.Select(e => e.Index)).Aggregate((a, b) => a.Intersect(b)).Order().ToArray();
        if (common.Length < 2)
        {
            return null;
        }

        // values[size][k]: the metric of the k-th common example for that size.
        var values = results.Select(r =>
        {
            var byIndex = r.ToDictionary(e => e.Index);
            return common.Select(i => isLoss ? byIndex[i].Loss : byIndex[i].Correct ? 1.0 : 0.0).ToArray();
        }).ToArray();
        var n = common.Length;
        var random = new Random(1);
        var slopes = new double[BootstrapSamples];
        var means = new double[sizes.Length];
        var draw = new int[n];
        for (var b = 0; b < BootstrapSamples; b++)
        {
            for (var k = 0; k < n; k++)
            {
                draw[k] = random.Next(n);
            }

            for (var s = 0; s < sizes.Length; s++)
            {
                double sum = 0;
                foreach (var k in draw)
                {
                    sum += values[s][k];
                }

                means[s] = sum / n;
            }

            slopes[b] = sign * Slope(x, means);
        }

        Array.Sort(slopes);
        return (Percentile(slopes, 0.025), Percentile(slopes, 0.975), StrengthInterval.Bootstrap);
    }

    /// <summary>±1.96 SE of the slope, SE² = Σ wᵢ² SEMᵢ² with the least-squares weights wᵢ = (xᵢ − x̄) / Σ(x − x̄)².</summary>
    private static (double?, double?, StrengthInterval) SemInterval(double[] x, List<RankPoint> points, double strength)
    {
        if (points.Any(p => p.Sem is null))
        {
            return (null, null, StrengthInterval.None);
        }

        var meanX = x.Average();
        var sxx = x.Sum(v => (v - meanX) * (v - meanX));
        var variance = points.Select((p, i) => Math.Pow((x[i] - meanX) / sxx, 2) * p.Sem!.Value * p.Sem.Value).Sum();
        var half = 1.96 * Math.Sqrt(variance);
        return (strength - half, strength + half, StrengthInterval.Sem);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default percentile).</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
