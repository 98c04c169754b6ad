namespace InverseScaling.Dashboard.Model.Charts;

/// <summary>The background of an exported chart.</summary>
public enum ExportBackground
{
    /// <summary>White with the light theme's colours, whatever the page's theme: reads on a white slide and in print.</summary>
    Light,

    /// <summary>The dark theme's surface colour, opaque: for dark slide decks.</summary>
    Dark,

    /// <summary>No background, the page theme's colours (for compositing; unreadable on a slide of the other shade).</summary>
    Transparent,
}

/// <summary>The pixel size of an exported chart.</summary>
public enum ExportSize
{
    /// <summary>16:9, a full slide: 1920×1080 pixels.</summary>
    Wide,

    /// <summary>4:3: 1440×1080 pixels.</summary>
    Standard,

    /// <summary>The chart's size on screen, at 3× for sharpness.</summary>
    AsOnScreen,
}

/// <summary>
/// How charts are exported (PNG, SVG, copy as image): the figure is rebuilt for the export with its own style, so a
/// dark-theme page still exports a light, opaque, slide-sized chart with fonts and lines sized for the slide.
/// </summary>
public sealed record ChartExport(ExportBackground Background, ExportSize Size)
{
    public static ChartExport Default { get; } = new(ExportBackground.Light, ExportSize.Wide);

    /// <summary>Presets are laid out at half their pixel size and drawn at 2×: fonts and lines then have the proportions of a slide.</summary>
    public const int PresetScale = 2;

    /// <summary>"As on screen" is drawn at 3× the chart's on-screen size.</summary>
    public const int ScreenScale = 3;

    /// <summary>The layout size in CSS pixels; null for the chart's size on screen.</summary>
    public (int Width, int Height)? LayoutSize => Size switch
    {
        ExportSize.Wide => (960, 540),
        ExportSize.Standard => (720, 540),
        _ => null,
    };

    public int Scale => Size == ExportSize.AsOnScreen ? ScreenScale : PresetScale;

    /// <summary>The style the exported figure is built with. Presets get presentation fonts and lines (a slide is read from
    /// across a room); "as on screen" keeps the screen's.</summary>
    public ChartStyle Style(ChartStyle screen)
    {
        var presentation = Size != ExportSize.AsOnScreen || screen.Presentation;
        return Background switch
        {
            ExportBackground.Light => new ChartStyle(Dark: false, presentation) { Background = ChartStyle.LightBackground },
            ExportBackground.Dark => new ChartStyle(Dark: true, presentation) { Background = ChartStyle.DarkBackground },
            _ => new ChartStyle(screen.Dark, presentation),
        };
    }

    /// <summary>Appended to the export's file name, so the files of one chart in several forms do not overwrite each other.</summary>
    public string FileSuffix => (Size switch
    {
        ExportSize.Wide => "16x9",
        ExportSize.Standard => "4x3",
        _ => "screen",
    }) + "-" + Background.ToString().ToLowerInvariant();

    public static string Label(ExportSize size) => size switch
    {
        ExportSize.Wide => "16:9 slide (1920×1080)",
        ExportSize.Standard => "4:3 slide (1440×1080)",
        _ => "As on screen (3×)",
    };

    public static string Label(ExportBackground background) => background switch
    {
        ExportBackground.Light => "Light, opaque (print)",
        ExportBackground.Dark => "Dark, opaque",
        _ => "Transparent (page theme)",
    };
}
