using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>How the dashboard writes numbers: sizes as 70M / 1.3B, metrics with fixed decimals, invariant culture.</summary>
public static class NumberFormat
{
    public static string Size(double value)
    {
        var (scaled, suffix) = Math.Abs(value) switch
        {
            >= 1e12 => (value / 1e12, "T"),
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "K"),
            _ => (value, ""),
        };
        var digits = scaled >= 100 ? "0" : scaled >= 10 ? "0.#" : "0.##";
        return scaled.ToString(digits, CultureInfo.InvariantCulture) + suffix;
    }

    public static string Metric(double? value, int decimals = 4) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
