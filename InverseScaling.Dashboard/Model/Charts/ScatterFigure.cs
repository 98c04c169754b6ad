using System.Globalization;

namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>Draws a <see cref="ScatterView"/>: the per-example scatter of two models and the mean Δ per metadata group.</summary>
public static class ScatterFigure
{
    /// <summary>Loss of B against loss of A per example, coloured and faceted as the view says; the diagonal marks equal loss.</summary>
    public static PlotlyFigure Build(ScatterView view, ChartPalette palette, ChartStyle style)
    {
        var facets = view.FacetColumn is null ? [""] : MetadataOrder.Sort(view.Points.Select(p => p.Facet).Distinct(), f => f, ScatterView.Other).ToList();
        var columns = (int)Math.Ceiling(Math.Sqrt(facets.Count));
        var rows = (int)Math.Ceiling(facets.Count / (double)columns);
        var max = view.Points.Count == 0 ? 1 : Math.Max(view.Points.Max(p => p.LossA), view.Points.Max(p => p.LossB)) * 1.05;
        // Losses start at 0; logodds differences can be negative, and the axes must show those points too.
        var min = view.Points.Count == 0 ? 0 : Math.Min(0, Math.Min(view.Points.Min(p => p.LossA), view.Points.Min(p => p.LossB)) * 1.05);
        var colorGroups = view.ColorColumn is null || view.ContinuousColor
            ? [""]
            : MetadataOrder.Sort(view.Points.Select(p => p.Color).Distinct(), c => c, ScatterView.Other).ToList();
        var keptColors = colorGroups.Take(ScatterView.MaxColorGroups).ToHashSet(StringComparer.Ordinal);
        var markerSize = style.Presentation ? 9 : 5;

        var traces = new List<PlotlyTrace>();
        var shapes = new List<PlotlyShape>();
        var extraAxes = new Dictionary<string, object>();
        var annotations = new List<PlotlyAnnotation>();
        for (var f = 0; f < facets.Count; f++)
        {
            var suffix = f == 0 ? "" : (f + 1).ToString(CultureInfo.InvariantCulture);
            var inFacet = view.Points.Where(p => view.FacetColumn is null || p.Facet == facets[f]).ToList();
            IEnumerable<(string Group, List<ScatterPoint> Points)> groups = view.ContinuousColor || view.ColorColumn is null
                ? [("", inFacet)]
                : inFacet.GroupBy(p => keptColors.Contains(p.Color) ? p.Color : ScatterView.Other)
                    .Select(g => (g.Key, g.ToList()))
                    .OrderBy(g => g.Key == ScatterView.Other ? int.MaxValue : colorGroups.IndexOf(g.Key));
            foreach (var (group, points) in groups)
            {
                var colorIndex = group == ScatterView.Other ? colorGroups.Count : colorGroups.IndexOf(group);
                traces.Add(new PlotlyTrace
                {
                    Type = "scattergl",
                    Mode = "markers",
                    Name = view.ColorColumn is null || view.ContinuousColor ? "examples" : $"{view.ColorColumn} = {(group.Length == 0 ? "(empty)" : group)}",
                    Legendgroup = group,
                    Showlegend = f == 0 && view.ColorColumn is not null && !view.ContinuousColor,
                    X = points.Select(p => (object)p.LossA).ToList(),
                    Y = points.Select(p => p.LossB).ToList(),
                    Customdata = points.Select(p => (object)p.Index).ToList(),
                    Hovertemplate = $"example #%{{customdata}}<br>{view.A.Name}: %{{x:.4f}}<br>{view.B.Name}: %{{y:.4f}}<extra>{group}</extra>",
                    Marker = new PlotlyMarker
                    {
                        Size = markerSize,
                        Opacity = 0.7,
                        Color = view.ContinuousColor
                            ? points.Select(p => double.Parse(p.Color, CultureInfo.InvariantCulture)).ToList()
                            : view.ColorColumn is null ? palette.FamilyColor(view.B.Run.Family)
                            // Numbers (repetitions, k) are ordinal: graded colours; names (templates) are nominal: distinct ones.
                            : view.NumericColor ? palette.GradedColor(colorIndex, colorGroups.Count) : palette.CategoryColor(colorIndex),
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

            if (view.FacetColumn is not null)
            {
                annotations.Add(new PlotlyAnnotation
                {
                    Text = $"{view.FacetColumn} = {facets[f]} (n = {inFacet.Count})",
                    Xref = $"x{suffix} domain", Yref = $"y{suffix} domain", X = 0.02, Y = 0.98, Xanchor = "left", Yanchor = "top",
                    Showarrow = false, Font = new PlotlyFont { Size = style.FontSize * 0.85 },
                });
            }
        }

        if (view.ContinuousColor && traces.Count > 0)
        {
            foreach (var i in Enumerable.Range(0, traces.Count))
            {
                traces[i] = traces[i] with { Marker = traces[i].Marker! with { Colorscale = "Viridis", Showscale = i == 0, Colorbar = new PlotlyColorbar(view.ColorColumn!) } };
            }
        }

        var (xTitle, yTitle) = ($"{view.Metric} of {view.A.Name}", $"{view.Metric} of {view.B.Name}");
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

    /// <summary>The mean Δ per group (the colour column, else the facet column) with its SEM, red where B is worse.</summary>
    public static PlotlyFigure Groups(ScatterView view, ChartStyle style)
    {
        var groups = view.GroupDeltas();
        var trace = new PlotlyTrace
        {
            Type = "bar",
            Name = "mean Δ",
            X = groups.Select(g => (object)(g.Group.Length == 0 ? "(empty)" : g.Group)).ToList(),
            Y = groups.Select(g => g.Mean).ToList(),
            ErrorY = new PlotlyErrorBars(groups.Select(g => g.Sem).ToList()) { Thickness = style.ErrorBarThickness, Width = 6 },
            Marker = new PlotlyMarker { Color = groups.Select(g => g.Mean > 0 ? LossDelta.WorseColor : LossDelta.BetterColor).ToList() },
            Text = groups.Select(g => $"{view.GroupColumn ?? "all"} = {g.Group}<br>mean Δ {g.Mean.ToString("0.0000", CultureInfo.InvariantCulture)} ± {g.Sem.ToString("0.0000", CultureInfo.InvariantCulture)} (SEM)<br>paired bootstrap {g.IntervalText}<br>n = {g.Count}").ToList(),
            Hovertemplate = "%{text}<extra></extra>",
            Textposition = "none",
        };
        var layout = style.Layout(
            null,
            new PlotlyAxis { Title = new PlotlyTitle(view.GroupColumn ?? ""), Type = "category" },
            // The model names are in the caption; long names here would be clipped at the chart's edge.
            new PlotlyAxis { Title = new PlotlyTitle($"mean Δ {view.Metric} (B − A) ± SEM"), Zeroline = true, Automargin = true }) with
        {
            Showlegend = false,
            Margin = new PlotlyMargin(70, 24, 24, 60),
        };
        return new PlotlyFigure([trace], layout);
    }
}
