using System.Globalization;

namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>Draws a <see cref="ScalingView"/> the way the Prize's plots do, interactively.</summary>
public static class ScalingFigure
{
    /// <param name="compact">The overview's mini curves: no title, legend, ticks text or baseline label.</param>
    public static PlotlyFigure Build(ScalingView view, ChartPalette palette, ChartStyle style, bool compact = false)
    {
        var traces = new List<PlotlyTrace>();
        foreach (var series in view.Series)
        {
            var color = SeriesColor(view, series, palette);
            var sems = series.Points.Select(p => p.Sem ?? 0).ToList();
            traces.Add(new PlotlyTrace
            {
                Type = "scatter",
                Mode = "lines+markers",
                Name = series.Name + (series.AnyImported ? " (imported)" : ""),
                X = series.Points.Select(p => (object)p.X).ToList(),
                Y = series.Points.Select(p => p.Y).ToList(),
                ErrorY = sems.Any(s => s > 0)
                    ? new PlotlyErrorBars(sems) { Thickness = style.ErrorBarThickness, Width = compact ? 2 : 5 }
                    : null,
                Line = new PlotlyLine
                {
                    Color = color,
                    Width = compact ? style.LineWidth * 0.8 : style.LineWidth,
                    // Split curves take their colour from the value; the family, when there are several, from the dash.
                    Dash = view.Split is null ? null : FamilyDashes[view.Families.ToList().IndexOf(series.Family) % FamilyDashes.Length],
                },
                Marker = new PlotlyMarker
                {
                    Color = color,
                    Size = compact ? style.MarkerSize * 0.7 : style.MarkerSize,
                    // Imported results are drawn hollow, local ones filled: provenance is visible on the chart itself.
                    Symbol = series.Points.Count > 0 && series.Points.All(p => p.Imported) ? "circle-open" : "circle",
                    Line = new PlotlyLine { Color = color, Width = 2 },
                },
                Text = series.Points.Select(p => HoverText(view, series, p)).ToList(),
                Hovertemplate = "%{text}<extra></extra>",
                Customdata = series.Points.Select(p => (object)p.Model).ToList(),
                Legendgroup = series.Family,
            });
        }

        // The overview's cards are about 260 px wide with 10 px labels (their sizes only).
        var ticks = compact ? view.Ticks(fontSize: 10, plotWidth: 220) : view.Ticks(style.FontSize);
        var xaxis = new PlotlyAxis
        {
            Type = "log",
            Title = compact ? null : new PlotlyTitle(view.Request.Axis.Label() + " (log scale)"),
            Tickvals = ticks.Select(t => t.X).ToList(),
            Ticktext = compact ? ticks.Select(t => t.Label.Split("<br>")[0]).ToList() : ticks.Select(t => t.Label).ToList(),
            Tickangle = 0,
        };
        var yaxis = new PlotlyAxis { Title = compact ? null : new PlotlyTitle(view.YLabel) };
        if (view.Request.Metric is ScalingMetric.Accuracy or ScalingMetric.AccuracyNorm)
        {
            yaxis = yaxis with { Range = [-0.02, 1.02] };
        }

        var shapes = new List<PlotlyShape>();
        var annotations = new List<PlotlyAnnotation>();
        if (view.Baseline is { } baseline)
        {
            shapes.Add(new PlotlyShape
            {
                Xref = "paper", X0 = 0, X1 = 1, Yref = "y", Y0 = baseline, Y1 = baseline,
                Line = new PlotlyLine { Color = style.MutedColor, Dash = "dash", Width = compact ? 1 : style.LineWidth * 0.6 },
            });
            if (!compact)
            {
                annotations.Add(new PlotlyAnnotation
                {
                    Text = "chance " + baseline.ToString("0.###", CultureInfo.InvariantCulture),
                    Xref = "paper", X = 1, Xanchor = "right", Yref = "y", Y = baseline, Yanchor = "bottom", Showarrow = false,
                    Font = new PlotlyFont { Color = style.MutedColor, Size = style.FontSize * 0.85 },
                });
            }
        }

        var title = compact ? null : $"{view.Task}: {view.YLabel} vs {view.Request.Axis.Noun()}"
            + (view.Request.Shots > 0 ? $" ({view.Request.Shots}-shot)" : "")
            + (view.Split is { } split ? $", by {split.Column}" : "");
        var layout = style.Layout(title, xaxis, yaxis) with
        {
            Shapes = shapes,
            Annotations = annotations,
            Showlegend = !compact,
            // Beside the plot, not below: the model-name ticks need the space under the axis.
            Legend = new PlotlyLegend { Orientation = "v", X = 1.01, Y = 1, Xanchor = "left", Yanchor = "top" },
        };
        if (compact)
        {
            layout = layout with { Margin = new PlotlyMargin(36, 8, 8, 28), Font = layout.Font! with { Size = 10 }, Height = 170 };
        }

        return new PlotlyFigure(traces, layout);
    }

    private static readonly string[] FamilyDashes = ["solid", "dash", "dot", "dashdot"];

    /// <summary>
    /// A curve's colour, the same in the chart and the table: its family's; over training steps, shades of it per size;
    /// split by a column, the value's: graded for ordinal values (repetitions, k), distinct for nominal ones (templates).
    /// </summary>
    public static string SeriesColor(ScalingView view, ScalingSeries series, ChartPalette palette)
    {
        if (view.Split is { } split)
        {
            var index = split.Values.ToList().IndexOf(series.SplitValue ?? "");
            return split.Numeric ? palette.GradedColor(index, split.Values.Count) : palette.CategoryColor(index);
        }

        var siblings = view.Series.Where(s => s.Family == series.Family).ToList();
        return siblings.Count > 1 ? palette.ModelColor(series.Family, siblings.IndexOf(series), siblings.Count) : palette.FamilyColor(series.Family);
    }

    private static string HoverText(ScalingView view, ScalingSeries series, ScalingPoint point)
    {
        var sem = point.Sem is { } s ? " ± " + s.ToString("0.0000", CultureInfo.InvariantCulture) : "";
        var axis = view.Request.Axis;
        var x = axis switch
        {
            ScalingAxis.TrainingStep => "step " + axis.FormatX(point.X),
            ScalingAxis.TrainingCompute => "≈ " + axis.FormatX(point.X) + " training FLOPs",
            _ => axis.FormatX(point.X) + " " + axis.Noun(),
        };
        return $"<b>{point.Model}</b> ({series.Name})<br>{x}<br>{view.YLabel}: {point.Y.ToString("0.0000", CultureInfo.InvariantCulture)}{sem}"
            + $"<br>n = {point.Count.ToString(CultureInfo.InvariantCulture)}{(point.Partial ? " (scoring…)" : "")}<br>{RunSelection.SourceLabel(point.Run)}";
    }
}
