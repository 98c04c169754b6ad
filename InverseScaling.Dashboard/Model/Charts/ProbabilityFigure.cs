using System.Globalization;

namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>Draws an <see cref="ExampleDetailView"/>'s class probabilities, model by model.</summary>
public static class ProbabilityFigure
{
    private const string AnswerColor = "#59A14F";

    /// <summary>Grouped bars: per model, the renormalised probability of each class (the answer's bar outlined).</summary>
    public static PlotlyFigure Build(ExampleDetailView view, ChartPalette palette, ChartStyle style)
    {
        var models = view.Models.Where(m => m.Probabilities is not null).ToList();
        var traces = view.Example.Classes.Select((cls, c) => new PlotlyTrace
        {
            Type = "bar",
            Name = $"\"{cls}\"" + (c == view.Example.AnswerIndex ? " (answer)" : ""),
            X = models.Select(m => (object)m.Model).ToList(),
            Y = models.Select(m => m.Probabilities![c]).ToList(),
            Marker = new PlotlyMarker
            {
                // The answer is always green; the other classes take the palette's categorical colours (skipping green).
                Color = c == view.Example.AnswerIndex ? AnswerColor : palette.CategoryColor(c == 4 ? 9 : c),
                Opacity = c == view.Example.AnswerIndex ? 1 : 0.6,
            },
            Text = models.Select(m => $"{m.Model}: p(\"{cls}\") = {m.Probabilities![c].ToString("0.0000", CultureInfo.InvariantCulture)}").ToList(),
            Hovertemplate = "%{text}<extra></extra>",
            Textposition = "none",
        }).ToList();
        var layout = style.Layout(
            null,
            new PlotlyAxis { Type = "category" },
            new PlotlyAxis { Title = new PlotlyTitle("Renormalised probability"), Range = [0, 1] }) with
        {
            Margin = new PlotlyMargin(64, 16, 16, 48),
        };
        return new PlotlyFigure(traces, layout);
    }
}
