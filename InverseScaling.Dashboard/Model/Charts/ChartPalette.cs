using System.Globalization;

namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>
/// The one place colours come from, so a family (and a model within it) has the same colour on every chart and every
/// page, across sessions: well-known families have fixed colours, any other family gets one from a stable hash of its
/// name. Models are shades of their family's colour, lighter for smaller models.
/// </summary>
public sealed class ChartPalette
{
    // Tableau 10: distinguishable, print-safe, readable on light and dark backgrounds.
    private static readonly string[] Colors =
    [
        "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
    ];

    private static readonly Dictionary<string, string> KnownFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPT-3"] = Colors[0],
        ["OPT"] = Colors[1],
        ["Pythia"] = Colors[4],
        ["GPT-2"] = Colors[6],
        ["TinyStories"] = Colors[2],
    };

    public string FamilyColor(string family)
    {
        foreach (var (known, color) in KnownFamilies)
        {
            if (family.StartsWith(known, StringComparison.OrdinalIgnoreCase))
            {
                return color;
            }
        }

        return Colors[StableHash(family) % (uint)Colors.Length];
    }

    /// <summary>The colour of the n-th category of a metadata column (scatter groups), cycling through the palette.</summary>
    public string CategoryColor(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];

    /// <summary>A model's colour: its family's colour, mixed towards white by up to 55% for the smallest of <paramref name="familySize"/>.</summary>
    /// <param name="rank">0 for the family's smallest model, familySize − 1 for its largest.</param>
    public string ModelColor(string family, int rank, int familySize)
    {
        var baseColor = FamilyColor(family);
        if (familySize <= 1)
        {
            return baseColor;
        }

        var lighten = 0.55 * (1 - (double)rank / (familySize - 1));
        return Mix(baseColor, lighten);
    }

    private static string Mix(string hex, double towardsWhite)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        int Channel(int shift)
        {
            var c = (rgb >> shift) & 0xFF;
            return (int)Math.Round(c + (255 - c) * towardsWhite);
        }

        return $"#{Channel(16):X2}{Channel(8):X2}{Channel(0):X2}";
    }

    /// <summary>FNV-1a over the lower-cased name: unlike string.GetHashCode, the same in every process.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text.ToLowerInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
