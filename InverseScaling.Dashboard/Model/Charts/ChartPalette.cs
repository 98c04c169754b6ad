using System.Globalization;

namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>
/// The one place colours come from, so a family (and a model within it) has the same colour on every chart and every
/// page. Colours are colour-blind safe (Okabe–Ito, then Paul Tol's muted set) and no two families share one while the
/// palette lasts: well-known families have fixed colours, any other family takes the first free colour from a stable
/// hash of its name and keeps it for the life of the process. Models are shades of their family's colour, lighter for
/// smaller models.
/// </summary>
public sealed class ChartPalette
{
    // Okabe & Ito (2008) without black (invisible on the dark theme), then Tol's muted palette for further families.
    private static readonly string[] Colors =
    [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#999999",
        "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
    ];

    private static readonly Dictionary<string, string> KnownFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPT-3"] = Colors[0],
        ["OPT"] = Colors[1],
        ["Pythia"] = Colors[2],
        ["GPT-2"] = Colors[3],
        ["TinyStories"] = Colors[4],
    };

    // Viridis (perceptually uniform, colour-blind safe), stopping before its pale yellow end, which fades on white.
    private static readonly string[] Graded =
        ["#440154", "#482878", "#3E4989", "#31688E", "#26828E", "#1F9E89", "#35B779", "#6DCD59", "#B4DE2C"];

    private readonly Dictionary<string, string> _families = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public string FamilyColor(string family)
    {
        lock (_lock)
        {
            if (!_families.TryGetValue(family, out var color))
            {
                color = _families[family] = PickColor(family);
            }

            return color;
        }
    }

    private string PickColor(string family)
    {
        var taken = _families.Values.ToHashSet(StringComparer.Ordinal);
        var known = KnownFamilies.FirstOrDefault(k => family.StartsWith(k.Key, StringComparison.OrdinalIgnoreCase)).Value;
        if (known is not null && !taken.Contains(known))
        {
            return known;
        }

        // Other families leave the known families' colours for them while any other colour is free.
        var start = (int)(StableHash(family) % (uint)Colors.Length);
        var order = Enumerable.Range(0, Colors.Length).Select(i => Colors[(start + i) % Colors.Length]).ToList();
        var reserved = KnownFamilies.Values.ToHashSet(StringComparer.Ordinal);
        return order.FirstOrDefault(c => !taken.Contains(c) && !reserved.Contains(c))
            ?? order.FirstOrDefault(c => !taken.Contains(c))
            ?? order[0];
    }

    /// <summary>The colour of the n-th value of a nominal metadata column (templates), cycling through the palette.</summary>
    public string CategoryColor(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];

    /// <summary>The colour of the n-th of <paramref name="count"/> ordered values of an ordinal column (repetitions, k): light to dark.</summary>
    public string GradedColor(int index, int count)
    {
        if (count <= 1)
        {
            return Graded[Graded.Length / 2];
        }

        var position = Math.Clamp(index, 0, count - 1) * (Graded.Length - 1.0) / (count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, Graded.Length - 1);
        return Blend(Graded[lower], Graded[upper], position - lower);
    }

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
        return Blend(baseColor, "#FFFFFF", lighten);
    }

    /// <summary>Black or white, whichever reads better on <paramref name="background"/> (a family chip's label).</summary>
    public static string TextOn(string background)
    {
        var luminance = RelativeLuminance(Parse(background));
        // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal at L ≈ 0.179.
        return luminance > 0.179 ? "#000000" : "#FFFFFF";
    }

    /// <summary>WCAG relative luminance of an sRGB colour.</summary>
    private static double RelativeLuminance(int rgb)
    {
        static double Linear(int channel) => channel / 255.0 is var c && c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        return 0.2126 * Linear((rgb >> 16) & 0xFF) + 0.7152 * Linear((rgb >> 8) & 0xFF) + 0.0722 * Linear(rgb & 0xFF);
    }

    /// <summary>The colour <paramref name="amount"/> of the way from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static string Blend(string from, string to, double amount)
    {
        var (a, b) = (Parse(from), Parse(to));
        int Channel(int shift)
        {
            var (ca, cb) = ((a >> shift) & 0xFF, (b >> shift) & 0xFF);
            return (int)Math.Round(ca + (cb - ca) * amount);
        }

        return $"#{Channel(16):X2}{Channel(8):X2}{Channel(0):X2}";
    }

    private static int Parse(string hex) => int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

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
