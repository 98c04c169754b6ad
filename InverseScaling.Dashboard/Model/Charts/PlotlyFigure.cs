using System.Text.Json;
using System.Text.Json.Serialization;

namespace InverseScaling.Dashboard.Model.Charts;

// The subset of plotly.js's figure schema the dashboard uses, as records serialised with the schema's own names
// (https://plotly.com/javascript/reference/). Null members are omitted so plotly's defaults apply.

public sealed record PlotlyFigure(IReadOnlyList<PlotlyTrace> Data, PlotlyLayout Layout)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // NaN (a model without a result for a row) becomes null, which plotly draws as a gap.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The JSON handed to the chart module (NaN/∞ turned into null first, as JSON has no NaN).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options)
        .Replace("\"NaN\"", "null", StringComparison.Ordinal)
        .Replace("\"Infinity\"", "null", StringComparison.Ordinal)
        .Replace("\"-Infinity\"", "null", StringComparison.Ordinal);
}

public sealed record PlotlyTrace
{
    /// <summary>"scatter", "scattergl" or "bar".</summary>
    public string Type { get; init; } = "scatter";

    public string? Mode { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<object>? X { get; init; }

    public IReadOnlyList<double>? Y { get; init; }

    [JsonPropertyName("error_y")]
    public PlotlyErrorBars? ErrorY { get; init; }

    public PlotlyLine? Line { get; init; }

    public PlotlyMarker? Marker { get; init; }

    /// <summary>Hover text per point (plotly's <c>text</c>, shown through the hover template).</summary>
    public IReadOnlyList<string>? Text { get; init; }

    public string? Hovertemplate { get; init; }

    /// <summary>"none" keeps bar charts from printing <see cref="Text"/> on the bars (it is for hover only).</summary>
    public string? Textposition { get; init; }

    /// <summary>Per point, what a click reports back (the example index on the scatter).</summary>
    public IReadOnlyList<object>? Customdata { get; init; }

    public string? Legendgroup { get; init; }

    public bool? Showlegend { get; init; }

    public string? Xaxis { get; init; }

    public string? Yaxis { get; init; }

    public string? Orientation { get; init; }
}

public sealed record PlotlyErrorBars(IReadOnlyList<double> Array)
{
    public string Type { get; init; } = "data";

    public bool Visible { get; init; } = true;

    public double? Thickness { get; init; }

    public double? Width { get; init; }
}

public sealed record PlotlyLine
{
    public string? Color { get; init; }

    public double? Width { get; init; }

    /// <summary>"solid", "dash", "dot".</summary>
    public string? Dash { get; init; }
}

public sealed record PlotlyMarker
{
    /// <summary>One colour, or one per point.</summary>
    public object? Color { get; init; }

    public double? Size { get; init; }

    public string? Symbol { get; init; }

    public double? Opacity { get; init; }

    public PlotlyLine? Line { get; init; }

    /// <summary>For a numeric colour per point: plotly's named scale ("Viridis").</summary>
    public string? Colorscale { get; init; }

    public bool? Showscale { get; init; }

    public PlotlyColorbar? Colorbar { get; init; }
}

public sealed record PlotlyColorbar(string Title);

public sealed record PlotlyLayout
{
    public PlotlyTitle? Title { get; init; }

    public PlotlyAxis? Xaxis { get; init; }

    public PlotlyAxis? Yaxis { get; init; }

    public IReadOnlyList<PlotlyShape>? Shapes { get; init; }

    public IReadOnlyList<PlotlyAnnotation>? Annotations { get; init; }

    public PlotlyFont? Font { get; init; }

    public PlotlyMargin? Margin { get; init; }

    public PlotlyLegend? Legend { get; init; }

    public bool? Showlegend { get; init; }

    public string? Hovermode { get; init; }

    public double? Height { get; init; }

    [JsonPropertyName("paper_bgcolor")]
    public string? PaperBgcolor { get; init; }

    [JsonPropertyName("plot_bgcolor")]
    public string? PlotBgcolor { get; init; }

    /// <summary>For faceted charts: a grid of subplots.</summary>
    public PlotlyGrid? Grid { get; init; }

    /// <summary>Extra axes of faceted charts, by plotly name ("xaxis2", "yaxis2", …).</summary>
    [JsonExtensionData]
    public IDictionary<string, object>? ExtraAxes { get; init; }
}

public sealed record PlotlyTitle(string Text)
{
    public PlotlyFont? Font { get; init; }
}

public sealed record PlotlyFont
{
    public double? Size { get; init; }

    public string? Color { get; init; }

    public string? Family { get; init; }
}

public sealed record PlotlyAxis
{
    public PlotlyTitle? Title { get; init; }

    /// <summary>"log", "linear" or "category".</summary>
    public string? Type { get; init; }

    public IReadOnlyList<double>? Tickvals { get; init; }

    public IReadOnlyList<string>? Ticktext { get; init; }

    public IReadOnlyList<double>? Range { get; init; }

    public string? Gridcolor { get; init; }

    public string? Linecolor { get; init; }

    public bool? Zeroline { get; init; }

    public bool? Automargin { get; init; }

    public double? Tickangle { get; init; }

    /// <summary>For facets: the axis this one shares its scale with ("x", "y").</summary>
    public string? Matches { get; init; }

    public string? Scaleanchor { get; init; }

    /// <summary>"domain": a scale-anchored axis keeps its range and gives up plot area instead (a square stays square).</summary>
    public string? Constrain { get; init; }
}

public sealed record PlotlyShape
{
    public string Type { get; init; } = "line";

    public string? Xref { get; init; }

    public string? Yref { get; init; }

    public double X0 { get; init; }

    public double X1 { get; init; }

    public double Y0 { get; init; }

    public double Y1 { get; init; }

    public PlotlyLine? Line { get; init; }
}

public sealed record PlotlyAnnotation
{
    public required string Text { get; init; }

    public string? Xref { get; init; }

    public string? Yref { get; init; }

    public double X { get; init; }

    public double Y { get; init; }

    public bool Showarrow { get; init; }

    public string? Xanchor { get; init; }

    public string? Yanchor { get; init; }

    /// <summary>Pixels to move the text by, after anchoring (titles outside the plot area).</summary>
    public double? Xshift { get; init; }

    public double? Yshift { get; init; }

    /// <summary>Degrees; −90 reads bottom to top, as a y-axis title.</summary>
    public double? Textangle { get; init; }

    public PlotlyFont? Font { get; init; }
}

public sealed record PlotlyMargin(double L, double R, double T, double B);

public sealed record PlotlyLegend
{
    public string? Orientation { get; init; }

    public double? X { get; init; }

    public double? Y { get; init; }

    public string? Xanchor { get; init; }

    public string? Yanchor { get; init; }
}

public sealed record PlotlyGrid(int Rows, int Columns)
{
    public string Pattern { get; init; } = "independent";
}
