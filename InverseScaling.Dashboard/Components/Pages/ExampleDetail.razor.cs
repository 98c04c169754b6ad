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
    public string? Index { get; set; }

    private int? _index;

    /// <summary>The view model, for tests.</summary>
    internal ExampleDetailView? Detail => _detail;

    protected override void OnStateLoaded()
    {
        // Without an index (e.g. just after choosing another task) the page opens the first example of the view.
        _index = QueryValue.Int(Index, DashboardUrls.Query.Index, Notes)
            ?? (View is { FilteredRows.Length: > 0 } ? View.RowAt(View.FilteredRows[0]).Index : 0);
        _detail = View is null ? null : ExampleDetailView.Build(View, _index.Value);
        _figure = _detail is null ? null : ProbabilityFigure.Build(_detail, Palette, Style);
        _ownPromptStart = _detail is null || Results is null ? 0 : Results.OwnPromptStart(Results.RowOf(_detail.Example.Index));
    }

    private void OpenTask(TaskChoice choice) => Navigation.NavigateTo(DashboardUrls.ExampleUrl(Fresh(choice), index: null));

    /// <summary>Shows a token's leading space and newlines, which decide how it was tokenised.</summary>
    private static string Visible(string token) => token.Replace(" ", "␣", StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal);
}
