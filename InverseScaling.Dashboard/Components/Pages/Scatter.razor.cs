using System.Globalization;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Scatter
{
    private ScatterView? _scatter;
    private PlotlyFigure? _scatterFigure;
    private PlotlyFigure? _groupFigure;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Color)]
    public string? Color { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Facet)]
    public string? Facet { get; set; }

    /// <summary>The view model, for tests.</summary>
    internal ScatterView? ViewModel => _scatter;

    protected override void OnStateLoaded()
    {
        _scatter = View is null ? null : ScatterView.Build(View, Color, Facet);
        _scatterFigure = _scatter is null ? null : ScatterFigure.Build(_scatter, Palette, Style);
        _groupFigure = _scatter is null ? null : ScatterFigure.Groups(_scatter, Style);
    }

    /// <summary>Navigates to the scatter with new state, keeping the colour and facet columns.</summary>
    private void Go(ExampleViewState state) => Go(state, _scatter?.ColorColumn, _scatter?.FacetColumn);

    private void Go(ExampleViewState state, string? color, string? facet) =>
        Navigation.NavigateTo(DashboardUrls.ScatterUrl(state, color, facet));

    private string FileName(string chart) => Csv.FileName(State!.Task, chart, "loss", _scatter!.A.Name + "-vs-" + _scatter.B.Name);

    /// <summary>The report's statement of the mean Δ with its interval, as the page says it above the charts.</summary>
    private IReadOnlyList<string> ReportNotes => _scatter?.Overall is { } overall
        ? [$"Mean Δ {_scatter.Metric} ({_scatter.Metric} of {_scatter.B.Name} − {_scatter.Metric} of {_scatter.A.Name}) over {overall.Count:N0} examples: "
            + $"{NumberFormat.Metric(overall.Mean)}, paired bootstrap {overall.IntervalText} ({PairedBootstrap.Resamples:N0} resamples of the examples)."]
        : [];

    /// <summary>A click on a point reports its example index (the trace's customdata).</summary>
    private void OpenExample(string customData)
    {
        if (int.TryParse(customData, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            Navigation.NavigateTo(DashboardUrls.ExampleUrl(State!, index));
        }
    }
}
