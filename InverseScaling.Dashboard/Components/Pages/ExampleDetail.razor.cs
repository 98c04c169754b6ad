using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class ExampleDetail
{
    private ExampleDetailView? _detail;
    private PlotlyFigure? _figure;
    private int _ownPromptStart;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Index)]
    public int? Index { get; set; }

    /// <summary>The view model, for tests.</summary>
    internal ExampleDetailView? Detail => _detail;

    protected override void OnStateLoaded()
    {
        _detail = View is null ? null : ExampleDetailView.Build(View, Index ?? 0);
        _figure = _detail?.ProbabilityFigure(Palette, Style);
        _ownPromptStart = _detail is null || Results is null ? 0 : Results.OwnPromptStart(Results.RowOf(_detail.Example.Index));
    }

    /// <summary>Shows a token's leading space and newlines, which decide how it was tokenised.</summary>
    private static string Visible(string token) => token.Replace(" ", "␣", StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal);
}
