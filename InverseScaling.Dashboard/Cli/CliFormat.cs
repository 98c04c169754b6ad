using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Cli;

/// <summary>How the command line prints numbers: invariant culture, fixed precision, "–" for unknown.</summary>
internal static class CliFormat
{
    public const string Missing = "–";

    public static string Count(long? value) => value?.ToString("N0", CultureInfo.InvariantCulture) ?? Missing;

    /// <summary>Parameter and token counts as researchers write them: 260K, 1.3B, 175B, 279.2K (the dashboard's formatter).</summary>
    public static string Scale(long? value) => value is { } v ? NumberFormat.Size(v, keepTenths: true) : Missing;

    public static string Fixed(double? value, int decimals = 4) =>
        value?.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) ?? Missing;

    public static string WithSem(double? mean, double? sem, int decimals = 4) =>
        mean is null ? Missing : sem is null ? Fixed(mean, decimals) : $"{Fixed(mean, decimals)} ± {Fixed(sem, decimals)}";

    /// <summary>The n of the numbers: "298/300" when some examples could not be scored, else just the count.</summary>
    public static string Scored(AggregateMetrics a) =>
        a.NotScored > 0 ? $"{Count(a.Count)}/{Count(a.Total)}" : Count(a.Count);

    public static string Loss(AggregateMetrics? a) => WithSem(a?.MeanLoss, a?.LossSem);

    public static string Accuracy(AggregateMetrics? a) => Fixed(a?.Accuracy);

    public static string AccuracyNorm(AggregateMetrics? a) => Fixed(a?.AccuracyNorm);

    public static string ClassMass(AggregateMetrics? a) => Fixed(a?.ClassMass);
}
