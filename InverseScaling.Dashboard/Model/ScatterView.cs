using System.Globalization;
using InverseScaling.Dashboard.Model.Charts;
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

    private const string Other = "(other)";

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

    public PlotlyFigure ScatterFigure(ChartPalette palette, ChartStyle style)
    {
        var facets = FacetColumn is null ? [""] : MetadataOrder.Sort(Points.Select(p => p.Facet).Distinct(), f => f, Other).ToList();
        var columns = (int)Math.Ceiling(Math.Sqrt(facets.Count));
        var rows = (int)Math.Ceiling(facets.Count / (double)columns);
        var max = Points.Count == 0 ? 1 : Math.Max(Points.Max(p => p.LossA), Points.Max(p => p.LossB)) * 1.05;
        // Losses start at 0; logodds differences can be negative, and the axes must show those points too.
        var min = Points.Count == 0 ? 0 : Math.Min(0, Math.Min(Points.Min(p => p.LossA), Points.Min(p => p.LossB)) * 1.05);
        var colorGroups = ColorColumn is null || ContinuousColor
            ? [""]
            : MetadataOrder.Sort(Points.Select(p => p.Color).Distinct(), c => c, Other).ToList();
        var keptColors = colorGroups.Take(MaxColorGroups).ToHashSet(StringComparer.Ordinal);
        var markerSize = style.Presentation ? 9 : 5;

        var traces = new List<PlotlyTrace>();
        var shapes = new List<PlotlyShape>();
        var extraAxes = new Dictionary<string, object>();
        var annotations = new List<PlotlyAnnotation>();
        for (var f = 0; f < facets.Count; f++)
        {
            var suffix = f == 0 ? "" : (f + 1).ToString(CultureInfo.InvariantCulture);
            var inFacet = Points.Where(p => FacetColumn is null || p.Facet == facets[f]).ToList();
            IEnumerable<(string Group, List<ScatterPoint> Points)> groups = ContinuousColor || ColorColumn is null
                ? [("", inFacet)]
                : inFacet.GroupBy(p => keptColors.Contains(p.Color) ? p.Color : Other)
                    .Select(g => (g.Key, g.ToList()))
                    .OrderBy(g => g.Key == Other ? int.MaxValue : colorGroups.IndexOf(g.Key));
            foreach (var (group, points) in groups)
            {
                var colorIndex = group == Other ? colorGroups.Count : colorGroups.IndexOf(group);
                traces.Add(new PlotlyTrace
                {
                    Type = "scattergl",
                    Mode = "markers",
                    Name = ColorColumn is null || ContinuousColor ? "examples" : $"{ColorColumn} = {(group.Length == 0 ? "(empty)" : group)}",
                    Legendgroup = group,
                    Showlegend = f == 0 && ColorColumn is not null && !ContinuousColor,
                    X = points.Select(p => (object)p.LossA).ToList(),
                    Y = points.Select(p => p.LossB).ToList(),
                    Customdata = points.Select(p => (object)p.Index).ToList(),
                    Hovertemplate = $"example #%{{customdata}}<br>{A.Name}: %{{x:.4f}}<br>{B.Name}: %{{y:.4f}}<extra>{group}</extra>",
                    Marker = new PlotlyMarker
                    {
                        Size = markerSize,
                        Opacity = 0.7,
                        Color = ContinuousColor
                            ? points.Select(p => double.Parse(p.Color, CultureInfo.InvariantCulture)).ToList()
                            : ColorColumn is null ? palette.FamilyColor(B.Run.Family)
                            // Numbers (repetitions, k) are ordinal: graded colours; names (templates) are nominal: distinct ones.
                            : NumericColor ? palette.GradedColor(colorIndex, colorGroups.Count) : palette.CategoryColor(colorIndex),
                    },
                    Xaxis = "x" + suffix,
                    Yaxis = "y" + suffix,
                });
            }

            // The diagonal: above it model B (usually the larger) has the higher loss — inverse scaling on that example.
            shapes.Add(new PlotlyShape
            {
                Xref = "x" + suffix, Yref = "y" + suffix, X0 = min, Y0 = min, X1 = max, Y1 = max,
                Line = new PlotlyLine { Color = style.MutedColor, Dash = "dash", Width = style.Presentation ? 2.5 : 1.2 },
            });
            if (f > 0)
            {
                extraAxes["xaxis" + suffix] = style.Axis(new PlotlyAxis { Range = [min, max], Matches = "x" });
                extraAxes["yaxis" + suffix] = style.Axis(new PlotlyAxis { Range = [min, max], Matches = "y" });
            }

            if (FacetColumn is not null)
            {
                annotations.Add(new PlotlyAnnotation
                {
                    Text = $"{FacetColumn} = {facets[f]} (n = {inFacet.Count})",
                    Xref = $"x{suffix} domain", Yref = $"y{suffix} domain", X = 0.02, Y = 0.98, Xanchor = "left", Yanchor = "top",
                    Showarrow = false, Font = new PlotlyFont { Size = style.FontSize * 0.85 },
                });
            }
        }

        if (ContinuousColor && traces.Count > 0)
        {
            foreach (var i in Enumerable.Range(0, traces.Count))
            {
                traces[i] = traces[i] with { Marker = traces[i].Marker! with { Colorscale = "Viridis", Showscale = i == 0, Colorbar = new PlotlyColorbar(ColorColumn!) } };
            }
        }

        var (xTitle, yTitle) = ($"{Metric} of {A.Name}", $"{Metric} of {B.Name}");
        if (facets.Count > 1)
        {
            // One title per axis for the whole grid, outside it: the first facet's own x title would sit on the row below.
            annotations.Add(new PlotlyAnnotation
            {
                Text = xTitle, Xref = "paper", Yref = "paper", X = 0.5, Y = 0, Xanchor = "center", Yanchor = "top",
                Yshift = -style.FontSize * 2.2, Showarrow = false,
            });
            annotations.Add(new PlotlyAnnotation
            {
                Text = yTitle, Xref = "paper", Yref = "paper", X = 0, Y = 0.5, Xanchor = "right", Yanchor = "middle",
                Xshift = -style.FontSize * 3, Textangle = -90, Showarrow = false,
            });
        }

        var layout = style.Layout(
            null,
            // Square in any box (a full-screen presenter is wide): the plot area shrinks, not the range grows. The range starts
            // at zero for a loss and below it for a metric that can be negative (logodds difference).
            new PlotlyAxis { Title = facets.Count > 1 ? null : new PlotlyTitle(xTitle), Range = [min, max], Constrain = "domain" },
            new PlotlyAxis { Title = facets.Count > 1 ? null : new PlotlyTitle(yTitle), Range = [min, max], Scaleanchor = facets.Count == 1 ? "x" : null, Constrain = "domain" }) with
        {
            Shapes = shapes,
            Annotations = annotations,
            Grid = facets.Count > 1 ? new PlotlyGrid(rows, columns) : null,
            ExtraAxes = extraAxes.Count > 0 ? extraAxes : null,
            // Above the plot, not beside it: the scatter keeps a square aspect (y anchored to x), so a legend on the
            // right would take its width from the plot itself.
            Legend = new PlotlyLegend { Orientation = "h", X = 0, Y = 1.02, Yanchor = "bottom" },
            Margin = new PlotlyMargin(70, 24, 24, 60),
        };
        return new PlotlyFigure(traces, layout);
    }

    public PlotlyFigure GroupFigure(ChartStyle style)
    {
        var groups = GroupDeltas();
        var trace = new PlotlyTrace
        {
            Type = "bar",
            Name = "mean Δ",
            X = groups.Select(g => (object)(g.Group.Length == 0 ? "(empty)" : g.Group)).ToList(),
            Y = groups.Select(g => g.Mean).ToList(),
            ErrorY = new PlotlyErrorBars(groups.Select(g => g.Sem).ToList()) { Thickness = style.ErrorBarThickness, Width = 6 },
            Marker = new PlotlyMarker { Color = groups.Select(g => g.Mean > 0 ? LossDelta.WorseColor : LossDelta.BetterColor).ToList() },
            Text = groups.Select(g => $"{GroupColumn ?? "all"} = {g.Group}<br>mean Δ {g.Mean.ToString("0.0000", CultureInfo.InvariantCulture)} ± {g.Sem.ToString("0.0000", CultureInfo.InvariantCulture)} (SEM)<br>paired bootstrap {g.IntervalText}<br>n = {g.Count}").ToList(),
            Hovertemplate = "%{text}<extra></extra>",
            Textposition = "none",
        };
        var layout = style.Layout(
            null,
            new PlotlyAxis { Title = new PlotlyTitle(GroupColumn ?? ""), Type = "category" },
            // The model names are in the caption; long names here would be clipped at the chart's edge.
            new PlotlyAxis { Title = new PlotlyTitle($"mean Δ {Metric} (B − A) ± SEM"), Zeroline = true, Automargin = true }) with
        {
            Showlegend = false,
            Margin = new PlotlyMargin(70, 24, 24, 60),
        };
        return new PlotlyFigure([trace], layout);
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
