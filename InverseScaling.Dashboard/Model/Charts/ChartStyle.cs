namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>
/// Theme-dependent chart styling: light/dark colours, and presentation mode (large fonts, thick lines) for group
/// meetings. Every chart builder takes one, so all charts switch together.
/// </summary>
public sealed record ChartStyle(bool Dark, bool Presentation)
{
    public static ChartStyle Default { get; } = new(Dark: false, Presentation: false);

    /// <summary>Opaque export backgrounds: white, and the dark theme's surface colour (MainLayout's PaletteDark.Surface).</summary>
    public const string LightBackground = "#FFFFFF";

    public const string DarkBackground = "#181D24";

    /// <summary>The chart's own background; null (on screen) for transparent, so the chart sits on the page's surface.</summary>
    public string? Background { get; init; }

    public double FontSize => Presentation ? 20 : 13;

    public double LineWidth => Presentation ? 4.5 : 2;

    public double MarkerSize => Presentation ? 13 : 8;

    public double ErrorBarThickness => Presentation ? 3 : 1.5;

    public string TextColor => Dark ? "#e6e6e6" : "#2b2b2b";

    public string GridColor => Dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.09)";

    public string MutedColor => Dark ? "#9a9a9a" : "#767676";

    /// <summary>Base layout: on screen a transparent background, so the chart sits on the page's surface colour in both themes.</summary>
    public PlotlyLayout Layout(string? title, PlotlyAxis xaxis, PlotlyAxis yaxis) => new()
    {
        Title = title is null ? null : new PlotlyTitle(title) { Font = new PlotlyFont { Size = FontSize + 3 } },
        Xaxis = Axis(xaxis),
        Yaxis = Axis(yaxis),
        Font = new PlotlyFont { Size = FontSize, Color = TextColor, Family = "Roboto, Helvetica, Arial, sans-serif" },
        PaperBgcolor = Background ?? "rgba(0,0,0,0)",
        PlotBgcolor = Background ?? "rgba(0,0,0,0)",
        Margin = new PlotlyMargin(Presentation ? 90 : 64, 24, title is null ? 24 : (Presentation ? 64 : 48), Presentation ? 80 : 56),
        Legend = new PlotlyLegend { Orientation = "h", X = 0, Y = -0.18, Yanchor = "top" },
        Hovermode = "closest",
    };

    public PlotlyAxis Axis(PlotlyAxis axis) => axis with
    {
        Gridcolor = axis.Gridcolor ?? GridColor,
        Linecolor = axis.Linecolor ?? GridColor,
        Automargin = axis.Automargin ?? true,
        Zeroline = axis.Zeroline ?? false,
    };
}
