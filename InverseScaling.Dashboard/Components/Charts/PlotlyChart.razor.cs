using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace InverseScaling.Dashboard.Components.Charts;

/// <summary>
/// A plotly.js chart drawn from a <see cref="PlotlyFigure"/> built in C#, with one-click PNG/SVG/CSV export and an
/// optional point-click callback (the point's customdata). Redraws only when the figure's JSON changes.
/// </summary>
public sealed partial class PlotlyChart : ComponentBase, IAsyncDisposable
{
    private const string PngFormat = "png";
    private const string SvgFormat = "svg";

    private DotNetObjectReference<PlotlyChart>? _reference;
    private bool _copied;
    private IJSObjectReference? _module;
    private string? _renderedJson;
    private PlotlyFigure? _renderedFigure;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required BrowserInterop Browser { get; init; }

    [Inject]
    public required UiPreferences Preferences { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required ChartDeck Deck { get; init; }

    /// <summary>The screen's style; exports build their own from it and <see cref="ChartExport"/>.</summary>
    [CascadingParameter]
    public ChartStyle Style { get; set; } = ChartStyle.Default;

    /// <summary>Element id and test id of the chart container; export buttons get <c>{Id}-export-png|svg|csv</c>.</summary>
    [Parameter, EditorRequired]
    public required string Id { get; set; }

    [Parameter, EditorRequired]
    public required PlotlyFigure Figure { get; set; }

    /// <summary>Builds the figure again in another style, for exports (light print colours on a dark page, slide-sized
    /// fonts); required when <see cref="ShowToolbar"/> is true.</summary>
    [Parameter]
    public Func<ChartStyle, PlotlyFigure>? ExportFigure { get; set; }

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

    /// <summary>The one-line title of the chart in presentation mode (the chart id when not given).</summary>
    [Parameter]
    public string? Title { get; set; }

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

    private ChartExport Export => Preferences.Export;

    private void SetExport(ChartExport export) => Preferences.Export = export;

    // Charts that can be redrawn in another style take part in presentation mode, in the order they appear on the page.
    protected override void OnParametersSet()
    {
        _copied = false;
        if (ExportFigure is not null)
        {
            Deck.Set(new DeckSlide(Id, Title ?? Id, ExportFigure, CsvData));
        }
    }

    private Task PresentAsync() => Deck.PresentAsync(Style.Dark, Id);

    /// <summary>The figure JSON of the export and its layout size (null: the chart's size on screen).</summary>
    private (string Json, int? Width, int? Height) ExportJson()
    {
        var figure = (ExportFigure ?? throw new InvalidOperationException($"Chart {Id} has a toolbar but no ExportFigure."))(Export.Style(Style));
        var size = Export.LayoutSize;
        return (figure.ToJson(), size?.Width, size?.Height);
    }

    private async Task DownloadImageAsync(string format)
    {
        if (_module is not null)
        {
            var (json, width, height) = ExportJson();
            var scale = format == PngFormat ? Export.Scale : 1;
            await _module.InvokeVoidAsync("downloadImage", Id, json, format, $"{FileName}_{Export.FileSuffix}", width, height, scale);
        }
    }

    private async Task CopyImageAsync()
    {
        if (_module is null)
        {
            return;
        }

        var (json, width, height) = ExportJson();
        _copied = await _module.InvokeAsync<bool>("copyImage", Id, json, width, height, Export.Scale);
        if (!_copied)
        {
            Snackbar.Add("The browser did not allow copying an image to the clipboard; download the PNG instead.", Severity.Warning);
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
        Deck.Remove(Id);
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
