namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Percentile bootstrap of a mean of paired differences: the per-example Δ between two models on the same examples is
/// resampled as pairs (the examples, not the models), so the interval reflects that both losses come from one example.
/// Seeded, so a page shows the same interval every time it is opened.
/// </summary>
public static class PairedBootstrap
{
    public const int Resamples = 2000;

    public const int Seed = 20230615;

    /// <summary>The 95 % percentile interval (2.5th and 97.5th percentiles of the resampled means); null for no data.</summary>
    public static (double Low, double High)? MeanInterval(IReadOnlyList<double> deltas, int resamples = Resamples, int seed = Seed)
    {
        if (deltas.Count == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < deltas.Count; i++)
            {
                sum += deltas[random.Next(deltas.Count)];
            }

            means[r] = sum / deltas.Count;
        }

        Array.Sort(means);
        return (Percentile(means, 0.025), Percentile(means, 0.975));
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default), on sorted values.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
