using System.Globalization;

namespace InverseScaling.Dashboard.Model;

/// <summary>A curve's shape at a glance, from its values in size order: as block characters (terminal) or an SVG polyline.</summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Text(IReadOnlyList<double> values) =>
        new(Scaled(values).Select(v => Blocks[(int)Math.Round(v * (Blocks.Length - 1))]).ToArray());

    /// <summary>The <c>points</c> attribute of a polyline in a <paramref name="width"/> × <paramref name="height"/> box (y grows downwards).</summary>
    public static string SvgPoints(IReadOnlyList<double> values, double width, double height)
    {
        var scaled = Scaled(values);
        var step = values.Count > 1 ? width / (values.Count - 1) : 0;
        return string.Join(" ", scaled.Select((v, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{i * step:0.#},{(1 - v) * (height - 2) + 1:0.#}")));
    }

    /// <summary>Each value as a fraction of the curve's own range (0.5 for a flat curve).</summary>
    private static double[] Scaled(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var min = values.Min();
        var range = values.Max() - min;
        return values.Select(v => range > 0 ? (v - min) / range : 0.5).ToArray();
    }
}
