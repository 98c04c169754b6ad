using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using Microsoft.JSInterop;

namespace InverseScaling.Dashboard.Services;

/// <summary>One chart of the page, as the presenter and the report show it: a one-line title, the figure in a given
/// style, and the data behind it (CSV), if any.</summary>
public sealed record DeckSlide(string Id, string Title, Func<ChartStyle, PlotlyFigure> Figure, Func<string>? Csv = null);

/// <summary>
/// The charts of the current page, in page order, for presentation mode: full screen (Fullscreen API), one chart at a
/// time with a one-line title, arrow keys to step through them, Esc to leave. Charts register themselves
/// (<see cref="Components.Charts.PlotlyChart"/>); one per circuit, so it holds exactly the page on screen.
/// </summary>
public sealed class ChartDeck(IJSRuntime js)
{
    private readonly List<DeckSlide> _slides = [];
    private Task<IJSObjectReference>? _module;

    public IReadOnlyList<DeckSlide> Slides => _slides;

    /// <summary>Adds the chart, or updates it in place (keeping its position) when its id is known.</summary>
    public void Set(DeckSlide slide)
    {
        var index = _slides.FindIndex(s => s.Id == slide.Id);
        if (index >= 0)
        {
            _slides[index] = slide;
        }
        else
        {
            _slides.Add(slide);
        }
    }

    public void Remove(string id) => _slides.RemoveAll(s => s.Id == id);

    /// <summary>The presenter's style: the page's theme on an opaque background, with presentation fonts and lines (ticks
    /// 20 px, lines 4.5 px: readable from the back of a room at 1080p).</summary>
    public static ChartStyle Style(bool dark) =>
        new(dark, Presentation: true) { Background = dark ? ChartStyle.DarkBackground : ChartStyle.LightBackground };

    /// <summary>
    /// Downloads the page as a static report (<see cref="StaticReport"/>): every chart as SVG in the light print style,
    /// its numbers as a table, the view's URL and the methods note.
    /// </summary>
    public async Task ExportReportAsync(string title, string url, string fileName, IReadOnlyList<string> notes)
    {
        if (_slides.Count == 0)
        {
            return;
        }

        var style = ChartExport.Default.Style(ChartStyle.Default);
        var html = StaticReport.Build(title, url, _slides.Select(s => new ReportChart(s.Title, s.Csv?.Invoke())).ToList(), notes, DateTimeOffset.UtcNow);
        var figures = _slides.Select(s => s.Figure(style).ToJson()).ToList();
        _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/charts.js").AsTask();
        await (await _module).InvokeVoidAsync("downloadReport", html, figures, fileName + ".html");
    }

    /// <summary>Opens the presenter at the chart with <paramref name="startId"/> (the first chart when null or unknown).</summary>
    public async Task PresentAsync(bool dark, string? startId = null)
    {
        if (_slides.Count == 0)
        {
            return;
        }

        var style = Style(dark);
        var slides = _slides.Select(s => new { s.Id, s.Title, Figure = s.Figure(style).ToJson() }).ToList();
        var start = Math.Max(0, _slides.FindIndex(s => s.Id == startId));
        _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/charts.js").AsTask();
        await (await _module).InvokeVoidAsync("present", slides, start, style.Background, style.TextColor);
    }
}
