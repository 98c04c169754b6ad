using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// The order metadata values are listed in on every chart and legend: numerically when they are all numbers (ordinal
/// columns: repetitions, k), else in natural order (nominal columns: T1, T2, …, T10).
/// </summary>
public static class MetadataOrder
{
    /// <param name="last">A placeholder group (such as "(other)") that goes last and does not make a column non-numeric.</param>
    public static IEnumerable<T> Sort<T>(IEnumerable<T> groups, Func<T, string> key, string? last = null)
    {
        var list = groups.ToList();
        var numeric = list.All(g => key(g) == last || double.TryParse(key(g), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? list.OrderBy(g => key(g) == last ? double.MaxValue : double.Parse(key(g), CultureInfo.InvariantCulture))
            : list.OrderBy(g => key(g) == last ? 1 : 0).ThenBy(key, NaturalOrder.Instance);
    }
}
