namespace InverseScaling.Dashboard.Model;

/// <summary>The shape of a scaling curve, named as in the Inverse Scaling Prize paper (in terms of performance).</summary>
public enum TrendVerdict
{
    /// <summary>Fewer than two sizes: nothing to say.</summary>
    Insufficient,
    /// <summary>No difference between sizes exceeds the noise.</summary>
    Flat,
    /// <summary>The largest model does significantly better than the smallest.</summary>
    Standard,
    /// <summary>The largest model does significantly worse than the smallest.</summary>
    Inverse,
    /// <summary>Performance first drops, then recovers: an interior size is significantly worse than both ends.</summary>
    UShaped,
    /// <summary>Performance first rises, then falls: an interior size is significantly better than both ends.</summary>
    InvertedU,
}

/// <summary>One size on a curve: the mean of the metric and its standard error.</summary>
public readonly record struct TrendPoint(double X, double Mean, double Sem);

/// <summary>
/// Decides a curve's <see cref="TrendVerdict"/> from its per-size means and their SEMs. Two sizes differ when
/// their means are more than <see cref="Z"/> combined standard errors apart (√(SEM₁² + SEM₂²)), i.e. roughly a 95%
/// two-sided test for independent means. An interior extreme that differs from both ends makes the curve U-shaped
/// or inverted-U (the larger excursion wins when both exist); otherwise the ends decide; otherwise it is flat.
/// </summary>
public static class TrendClassifier
{
    public const double Z = 2.0;

    /// <summary>The rule in one sentence, for the UI.</summary>
    public const string Explanation =
        "Verdicts compare per-size means: two sizes differ when their means are more than 2 combined standard errors " +
        "apart (√(SEM₁²+SEM₂²)). U-shaped / inverted-U: some middle size is significantly worse / better than both the " +
        "smallest and the largest. Otherwise inverse / standard: the largest model is significantly worse / better than " +
        "the smallest. Flat: no such difference.";

    /// <param name="points">One point per size, in any order (sorted by X here).</param>
    /// <param name="higherIsBetter">False for loss, true for accuracy-like metrics.</param>
    public static TrendVerdict Classify(IEnumerable<TrendPoint> points, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(points);
        // Work on "badness" so one rule serves loss (lower is better) and accuracy (higher is better).
        var sign = higherIsBetter ? -1.0 : 1.0;
        var curve = points
            .Where(p => double.IsFinite(p.Mean))
            .OrderBy(p => p.X)
            .Select(p => (Bad: sign * p.Mean, Sem: double.IsFinite(p.Sem) ? Math.Abs(p.Sem) : 0))
            .ToArray();
        if (curve.Length < 2)
        {
            return TrendVerdict.Insufficient;
        }

        var first = curve[0];
        var last = curve[^1];
        double worstExcursion = 0, bestExcursion = 0;
        for (var i = 1; i < curve.Length - 1; i++)
        {
            var p = curve[i];
            if (Exceeds(p, first) && Exceeds(p, last))
            {
                worstExcursion = Math.Max(worstExcursion, Math.Min(p.Bad - first.Bad, p.Bad - last.Bad));
            }

            if (Exceeds(first, p) && Exceeds(last, p))
            {
                bestExcursion = Math.Max(bestExcursion, Math.Min(first.Bad - p.Bad, last.Bad - p.Bad));
            }
        }

        if (worstExcursion > 0 || bestExcursion > 0)
        {
            return worstExcursion >= bestExcursion ? TrendVerdict.UShaped : TrendVerdict.InvertedU;
        }

        if (Exceeds(last, first))
        {
            return TrendVerdict.Inverse;
        }

        return Exceeds(first, last) ? TrendVerdict.Standard : TrendVerdict.Flat;
    }

    /// <summary>True when <paramref name="a"/> is significantly worse (higher badness) than <paramref name="b"/>.</summary>
    private static bool Exceeds((double Bad, double Sem) a, (double Bad, double Sem) b)
    {
        var difference = a.Bad - b.Bad;
        return difference > 0 && difference > Z * Math.Sqrt(a.Sem * a.Sem + b.Sem * b.Sem);
    }

    public static string Label(this TrendVerdict verdict) => verdict switch
    {
        TrendVerdict.Insufficient => "one size",
        TrendVerdict.Flat => "flat",
        TrendVerdict.Standard => "standard",
        TrendVerdict.Inverse => "inverse",
        TrendVerdict.UShaped => "U-shaped",
        TrendVerdict.InvertedU => "inverted-U",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };
}
