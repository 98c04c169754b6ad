using System.Globalization;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Model;

/// <summary>One example on the scatter: loss of model A (x) and of model B (y).</summary>
public readonly record struct ScatterPoint(int Index, double LossA, double LossB, string Color, string Facet)
{
    public double Delta => LossDelta.Of(LossA, LossB);
}

/// <summary>Mean loss Δ (<see cref="LossDelta"/>: B − A) of one metadata group, with its SEM and paired-bootstrap 95 % interval.</summary>
public sealed record GroupDelta(string Group, double Mean, double Sem, int Count, double CiLow, double CiHigh)
{
    public string IntervalText => $"95 % CI {CiLow.ToString("0.0000", CultureInfo.InvariantCulture)} to {CiHigh.ToString("0.0000", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The "ada vs davinci" scatter of per-example losses over the current filter, coloured and/or faceted by metadata
/// columns, and the companion chart of the mean Δ per group (Korbak's analysis: does the template, the symbol pair or
/// the repetition count drive the effect?).
/// </summary>
public sealed class ScatterView
{
    /// <summary>Facets beyond this many would be unreadable; the rest are merged into "other".</summary>
    public const int MaxFacets = 12;

    /// <summary>Categorical colour groups beyond this many are drawn on a continuous scale (numeric) or merged.</summary>
    public const int MaxColorGroups = 12;

    /// <summary>The group of the facets and colours beyond the first <see cref="MaxFacets"/> / <see cref="MaxColorGroups"/>.</summary>
    public const string Other = "(other)";

    private ScatterView(ModelColumn a, ModelColumn b, string? color, string? facet, IReadOnlyList<ScatterPoint> points, bool numericColor)
    {
        A = a;
        B = b;
        ColorColumn = color;
        FacetColumn = facet;
        Points = points;
        NumericColor = numericColor;
        ContinuousColor = numericColor && points.Select(p => p.Color).Distinct().Count() > MaxColorGroups;
    }

    /// <summary>The colour column holds numbers: ordinal, drawn in graded colours.</summary>
    public bool NumericColor { get; }

    public ModelColumn A { get; }

    public ModelColumn B { get; }

    public string? ColorColumn { get; }

    public string? FacetColumn { get; }

    public IReadOnlyList<ScatterPoint> Points { get; }

    /// <summary>A numeric colour column with many values: one trace on a colour scale instead of one per value.</summary>
    public bool ContinuousColor { get; }

    /// <summary>The column the Δ chart groups by: the colour column, else the facet column (null: one overall bar).</summary>
    public string? GroupColumn => ColorColumn ?? FacetColumn;

    /// <summary>What each point's coordinates are: "loss", or a logodds task's "logodds difference" (which can be negative).</summary>
    public string Metric { get; private init; } = "loss";

    public static ScatterView? Build(ExamplesView view, string? colorColumn, string? facetColumn)
    {
        if (view.A is null || view.B is null)
        {
            return null;
        }

        var metadata = view.Metadata;
        var color = metadata.Contains(colorColumn) ? colorColumn : null;
        var facet = metadata.Contains(facetColumn) ? facetColumn : null;
        var facetsKept = facet is null
            ? null
            : view.FilteredRows.Select(r => metadata.Value(facet, r)).GroupBy(v => v).OrderByDescending(g => g.Count())
                .Take(MaxFacets).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

        var points = new List<ScatterPoint>(view.FilteredRows.Length);
        foreach (var row in view.FilteredRows)
        {
            var (a, b) = (view.A.Loss(row), view.B.Loss(row));
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                continue;
            }

            var facetValue = facet is null ? "" : metadata.Value(facet, row);
            points.Add(new ScatterPoint(
                view.Results.Dataset.Examples[row].Index,
                a,
                b,
                color is null ? "" : metadata.Value(color, row),
                facetsKept is null || facetsKept.Contains(facetValue) ? facetValue : Other));
        }

        return new ScatterView(view.A, view.B, color, facet, points, color is not null && metadata.IsNumericColumn(color))
        {
            Metric = ScalingOptionText.MetricName(view.Results.Dataset.Type).ToLowerInvariant(),
        };
    }

    /// <summary>Mean Δ = loss(B) − loss(A) per group, with SEM = population std / √n as everywhere in the Prize.</summary>
    public IReadOnlyList<GroupDelta> GroupDeltas() => _groupDeltas ??= Deltas(
        GroupColumn is null ? Points.GroupBy(_ => "all examples") : Points.GroupBy(p => ColorColumn is not null ? p.Color : p.Facet));

    /// <summary>Mean Δ over every example of the view, with its paired-bootstrap interval.</summary>
    public GroupDelta? Overall => Points.Count == 0 ? null : (_overall ??= Deltas(Points.GroupBy(_ => "all examples"))[0]);

    // Bootstrapping 20k examples 2,000 times takes a moment: computed once per view, when first asked for.
    private IReadOnlyList<GroupDelta>? _groupDeltas;
    private GroupDelta? _overall;

    private static List<GroupDelta> Deltas(IEnumerable<IGrouping<string, ScatterPoint>> groups)
    {
        var deltas = groups.Select(g =>
        {
            var values = g.Select(p => p.Delta).ToList();
            var (mean, sem) = Aggregator.MeanAndSem(values);
            var (low, high) = PairedBootstrap.MeanInterval(values)!.Value;
            return new GroupDelta(g.Key, mean!.Value, sem!.Value, values.Count, low, high);
        });
        return MetadataOrder.Sort(deltas, g => g.Group, Other).ToList();
    }

    public string ToCsv() => Csv.Write(
        ["index", $"loss:{A.Name}", $"loss:{B.Name}", "delta", ColorColumn is null ? "color" : "meta:" + ColorColumn, FacetColumn is null ? "facet" : "meta:" + FacetColumn],
        Points.Select(p => (IReadOnlyList<string>)
        [
            p.Index.ToString(CultureInfo.InvariantCulture),
            p.LossA.ToString("R", CultureInfo.InvariantCulture),
            p.LossB.ToString("R", CultureInfo.InvariantCulture),
            p.Delta.ToString("R", CultureInfo.InvariantCulture),
            p.Color,
            p.Facet,
        ]));

    public string GroupCsv() => Csv.Write(
        [GroupColumn ?? "group", "mean_delta", "sem", "ci95_low", "ci95_high", "n"],
        GroupDeltas().Select(g => (IReadOnlyList<string>)
        [
            g.Group,
            g.Mean.ToString("R", CultureInfo.InvariantCulture),
            g.Sem.ToString("R", CultureInfo.InvariantCulture),
            g.CiLow.ToString("R", CultureInfo.InvariantCulture),
            g.CiHigh.ToString("R", CultureInfo.InvariantCulture),
            g.Count.ToString(CultureInfo.InvariantCulture),
        ]));
}
