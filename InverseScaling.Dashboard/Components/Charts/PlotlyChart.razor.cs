using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace InverseScaling.Dashboard.Components.Charts;

/// <summary>
/// A plotly.js chart drawn from a <see cref="PlotlyFigure"/> built in C#, with one-click PNG/SVG/CSV export and an
/// optional point-click callback (the point's customdata). Redraws only when the figure's JSON changes.
/// </summary>
public sealed partial class PlotlyChart : ComponentBase, IAsyncDisposable
{
    private const string PngFormat = "png";
    private const string SvgFormat = "svg";

    /// <summary>PNG scale: 3× the on-screen size is sharp on a projector and in slides.</summary>
    private const int PngScale = 3;

    private DotNetObjectReference<PlotlyChart>? _reference;
    private IJSObjectReference? _module;
    private string? _renderedJson;
    private PlotlyFigure? _renderedFigure;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required BrowserInterop Browser { get; init; }

    /// <summary>Element id and test id of the chart container; export buttons get <c>{Id}-export-png|svg|csv</c>.</summary>
    [Parameter, EditorRequired]
    public required string Id { get; set; }

    [Parameter, EditorRequired]
    public required PlotlyFigure Figure { get; set; }

    /// <summary>Export file name without extension (task, metric, models).</summary>
    [Parameter, EditorRequired]
    public required string FileName { get; set; }

    /// <summary>The data behind the chart; no CSV button when null.</summary>
    [Parameter]
    public Func<string>? CsvData { get; set; }

    [Parameter]
    public EventCallback<string> OnPointClick { get; set; }

    [Parameter]
    public string Height { get; set; } = "460px";

    [Parameter]
    public string? Caption { get; set; }

    /// <summary>False for the overview's mini charts, which are links rather than figures to export or zoom (no mode bar either).</summary>
    [Parameter]
    public bool ShowToolbar { get; set; } = true;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Figures are immutable and pages rebuild them only when their data or style changes, so the same instance
        // needs no serialising (a scatter's figure holds up to 20k points); a rebuilt but equal one is still skipped.
        if (ReferenceEquals(Figure, _renderedFigure))
        {
            return;
        }

        var json = Figure.ToJson();
        if (json == _renderedJson)
        {
            _renderedFigure = Figure;
            return;
        }

        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
        if (OnPointClick.HasDelegate)
        {
            _reference ??= DotNetObjectReference.Create(this);
        }

        await _module.InvokeAsync<bool>("render", Id, json, _reference, ShowToolbar);
        _renderedJson = json;
        _renderedFigure = Figure;
    }

    [JSInvokable]
    public Task OnPointClickFromJs(string customData) => OnPointClick.InvokeAsync(customData);

    private async Task DownloadImageAsync(string format)
    {
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("downloadImage", Id, format, FileName, format == PngFormat ? PngScale : 1);
        }
    }

    private async Task DownloadCsvAsync()
    {
        if (CsvData is not null)
        {
            await Browser.DownloadTextAsync(FileName + ".csv", CsvData());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reference?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("purge", Id);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser has gone; nothing to clean up there.
            }
        }
    }
}
