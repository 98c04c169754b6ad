using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>How the dashboard writes numbers: sizes as 70M / 1.3B, metrics with fixed decimals, invariant culture.</summary>
public static class NumberFormat
{
    /// <summary>
    /// The one size formatter (dashboard and command line): 70M, 1.3B, 175B. Labels keep three significant digits
    /// (279K); <paramref name="keepTenths"/> keeps a tenth above 100 (279.2K), as the command line's tables print it.
    /// </summary>
    public static string Size(double value, bool keepTenths = false)
    {
        var (scaled, suffix) = Math.Abs(value) switch
        {
            >= 1e12 => (value / 1e12, "T"),
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "K"),
            _ => (value, ""),
        };
        var digits = scaled >= 100 ? (keepTenths ? "0.#" : "0") : scaled >= 10 ? "0.#" : "0.##";
        return scaled.ToString(digits, CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Reads a count as <see cref="Size"/> writes it (70M, 1.3B, 125K) or as a plain whole number.</summary>
    public static bool TryParseSize(string text, out long value)
    {
        value = 0;
        var multiplier = char.ToUpperInvariant(text.Length > 0 ? text[^1] : ' ') switch
        {
            'T' => 1e12,
            'B' => 1e9,
            'M' => 1e6,
            'K' => 1e3,
            _ => 1,
        };
        var number = multiplier == 1 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed * multiplier)
            || parsed * multiplier > long.MaxValue)
        {
            return false;
        }

        value = (long)Math.Round(parsed * multiplier);
        return true;
    }

    public static string Metric(double? value, int decimals = 4) =>
        value is { } v && double.IsFinite(v) ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
