using InverseScaling.Dashboard.Model;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

public sealed partial class Examples
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private int _page;

    /// <summary>The per-example metric the grid shows and the Δ column compares: "loss", or a logodds task's difference.</summary>
    private string MetricNoun => Results is null ? "loss" : ScalingOptionText.MetricName(Results.Dataset.Type).ToLowerInvariant();
    private int _pageSize = DashboardUrls.DefaultPageSize;
    private string? _filterColumn;
    private string? _filterValue;
    private string? _regexName;
    private string? _regexPattern;
    private string? _regexError;

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.Page)]
    public int? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = DashboardUrls.Query.PageSize)]
    public int? PageSize { get; set; }

    /// <summary>The view model, for tests.</summary>
    internal ExamplesView? ViewModel => View;

    protected override void OnStateLoaded()
    {
        _pageSize = PageSize is { } size && PageSizes.Contains(size) ? size : DashboardUrls.DefaultPageSize;
        _page = View is null ? 0 : Math.Clamp(PageNumber ?? 0, 0, View.PageCount(_pageSize) - 1);
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

    private string PatternOf(string model) =>
        State!.Query.RightFor.Contains(model) ? "right" : State.Query.WrongFor.Contains(model) ? "wrong" : "any";

    private void CyclePattern(string model)
    {
        var query = State!.Query;
        var right = query.RightFor.Where(m => m != model).ToList();
        var wrong = query.WrongFor.Where(m => m != model).ToList();
        switch (PatternOf(model))
        {
            case "any":
                right.Add(model);
                break;
            case "right":
                wrong.Add(model);
                break;
        }

        Go(State with { Query = query with { RightFor = right, WrongFor = wrong } });
    }

    private void FlipPreset() => Go(State! with
    {
        Query = State.Query with { RightFor = [View!.A!.Name], WrongFor = [View.B!.Name] },
    });

    private void AddMetadataFilter()
    {
        if (_filterColumn is null || _filterValue is null)
        {
            return;
        }

        var filters = State!.Query.Metadata.Where(f => f.Column != _filterColumn).Append(new MetadataFilter(_filterColumn, _filterValue)).ToList();
        Go(State with { Query = State.Query with { Metadata = filters } });
    }

    private void RemoveMetadataFilter(MetadataFilter filter) =>
        Go(State! with { Query = State.Query with { Metadata = State.Query.Metadata.Where(f => f != filter).ToList() } });

    private void AddRegexColumn()
    {
        if (!RegexColumnUrl.TryCreate(_regexName, _regexPattern, out var spec, out _regexError))
        {
            return;
        }

        if (Metadata!.Contains(spec!.Name))
        {
            _regexError = $"A column named '{spec.Name}' exists already.";
            return;
        }

        (_regexName, _regexPattern) = (null, null);
        // The new column becomes part of the URL: it appears at once, and a shared link carries it.
        Go(State! with { RegexColumns = [.. State.RegexColumns, spec] }, _page);
    }

    private void RemoveRegexColumn(InverseScaling.Engine.Data.RegexColumn column) =>
        Go(State! with { RegexColumns = State.RegexColumns.Where(c => c != column).ToList() }, _page);

    private void ClearFilters() => Go(State! with { Query = new ExampleQuery { Sort = State.Query.Sort, Descending = State.Query.Descending } });

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
