using InverseScaling.Dashboard.Model;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Examples
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private int _page;

    /// <summary>The per-example metric the grid shows and the Δ column compares: "loss", or a logodds task's difference.</summary>
    private string MetricNoun => Results is null ? "loss" : ScalingOptionText.MetricName(Results.Dataset.Type).ToLowerInvariant();
    private int _pageSize = DashboardUrls.DefaultPageSize;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Page)]
    public string? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.PageSize)]
    public string? PageSize { get; set; }

    /// <summary>The view model, for tests.</summary>
    internal ExamplesView? ViewModel => View;

    protected override void OnStateLoaded()
    {
        var size = QueryValue.Int(PageSize, DashboardUrls.Query.PageSize, Notes);
        if (size is not null && !PageSizes.Contains(size.Value))
        {
            Notes.Add($"Ignored {DashboardUrls.Query.PageSize}={size}: the page sizes are {string.Join(", ", PageSizes)}.");
        }

        _pageSize = size is { } s && PageSizes.Contains(s) ? s : DashboardUrls.DefaultPageSize;
        var page = QueryValue.Int(PageNumber, DashboardUrls.Query.Page, Notes) ?? 0;
        _page = View is null ? 0 : Math.Clamp(page, 0, View.PageCount(_pageSize) - 1);
    }

    private void Go(ExampleViewState state, int page = 0) =>
        Navigation.NavigateTo(DashboardUrls.ExamplesUrl(state, page, _pageSize));

    private void GoPage(int page, int? pageSize = null) =>
        Navigation.NavigateTo(DashboardUrls.ExamplesUrl(State!, page, pageSize ?? _pageSize));

    private void OnModelsChanged(IReadOnlyCollection<string> models) => Go(State! with { Models = models.ToList() });

    // Typing replaces the history entry: one back-step should undo the search, not each keystroke.
    private void OnTextChanged(string? text) => Navigation.NavigateTo(
        DashboardUrls.ExamplesUrl(State! with { Query = State.Query with { Text = text } }, 0, _pageSize), replace: true);

    private void SortBy(string key)
    {
        var query = State!.Query;
        var descending = query.Sort == key ? !query.Descending : key != ExampleQuery.IndexSort;
        Go(State with { Query = query with { Sort = key, Descending = descending } });
    }

    private string SortMark(string key) => State?.Query.Sort != key ? "" : State.Query.Descending ? " ▼" : " ▲";

    private void ClearFilters() => Go(State! with { Query = new ExampleQuery { Sort = State.Query.Sort, Descending = State.Query.Descending } });

    private void OpenExample(int index) => Navigation.NavigateTo(DashboardUrls.ExampleUrl(State!, index));

    private void OnRowKey(KeyboardEventArgs e, int index)
    {
        if (e.Key is "Enter" or " ")
        {
            OpenExample(index);
        }
    }

    private string ModelColor(ModelColumn model)
    {
        var family = Results!.Models.Where(m => m.Run.Family == model.Run.Family).ToList();
        return Palette.ModelColor(model.Run.Family, family.IndexOf(model), family.Count);
    }

    private async Task ExportCsvAsync()
    {
        var fileName = Csv.FileName(State!.Task, "examples", State.Query.IsFiltered ? "filtered" : null,
            string.Join('+', View!.Models.Select(m => m.Name))) + ".csv";
        await Browser.DownloadTextAsync(fileName, View.ToCsv());
    }
}
