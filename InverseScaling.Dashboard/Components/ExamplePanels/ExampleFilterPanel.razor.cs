using InverseScaling.Dashboard.Model;
using InverseScaling.Engine.Data;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.ExamplePanels;

public sealed partial class ExampleFilterPanel
{
    private string? _filterColumn;
    private string? _filterValue;
    private string? _regexName;
    private string? _regexPattern;
    private string? _regexError;

    [Parameter, EditorRequired]
    public required ExampleViewState State { get; set; }

    [Parameter, EditorRequired]
    public required ExamplesView View { get; set; }

    /// <summary>The metadata columns, the user's regex columns included.</summary>
    [Parameter, EditorRequired]
    public required MetadataTable Metadata { get; set; }

    /// <summary>A new filter: the page shows its first page.</summary>
    [Parameter]
    public EventCallback<ExampleViewState> FilterChanged { get; set; }

    /// <summary>A regex column added or removed: the rows stay, so the page stays where it is.</summary>
    [Parameter]
    public EventCallback<ExampleViewState> ColumnsChanged { get; set; }

    private string PatternOf(string model) =>
        State.Query.RightFor.Contains(model) ? "right" : State.Query.WrongFor.Contains(model) ? "wrong" : "any";

    private Task CyclePattern(string model)
    {
        var query = State.Query;
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

        return FilterChanged.InvokeAsync(State with { Query = query with { RightFor = right, WrongFor = wrong } });
    }

    private Task FlipPreset() => FilterChanged.InvokeAsync(State with
    {
        Query = State.Query with { RightFor = [View.A!.Name], WrongFor = [View.B!.Name] },
    });

    private Task AddMetadataFilter()
    {
        if (_filterColumn is null || _filterValue is null)
        {
            return Task.CompletedTask;
        }

        var filters = State.Query.Metadata.Where(f => f.Column != _filterColumn).Append(new MetadataFilter(_filterColumn, _filterValue)).ToList();
        return FilterChanged.InvokeAsync(State with { Query = State.Query with { Metadata = filters } });
    }

    private Task RemoveMetadataFilter(MetadataFilter filter) =>
        FilterChanged.InvokeAsync(State with { Query = State.Query with { Metadata = State.Query.Metadata.Where(f => f != filter).ToList() } });

    private Task AddRegexColumn()
    {
        if (!RegexColumnUrl.TryCreate(_regexName, _regexPattern, out var spec, out _regexError))
        {
            return Task.CompletedTask;
        }

        if (Metadata.Contains(spec!.Name))
        {
            _regexError = $"A column named '{spec.Name}' exists already.";
            return Task.CompletedTask;
        }

        (_regexName, _regexPattern) = (null, null);
        // The new column becomes part of the URL: it appears at once, and a shared link carries it.
        return ColumnsChanged.InvokeAsync(State with { RegexColumns = [.. State.RegexColumns, spec] });
    }

    private Task RemoveRegexColumn(RegexColumn column) =>
        ColumnsChanged.InvokeAsync(State with { RegexColumns = State.RegexColumns.Where(c => c != column).ToList() });
}
