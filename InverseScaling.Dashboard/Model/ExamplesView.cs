using System.Globalization;
using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Model;

/// <summary>One model's cell in a grid row.</summary>
/// <param name="NotScoredReason">Why the model could not score the example; null when it did (or has not yet).</param>
public readonly record struct ModelCell(double Loss, bool? Correct, string? NotScoredReason = null);

/// <summary>One row of the examples grid, everything pre-formatted from the cached table.</summary>
public sealed record ExampleRow(int Row, TaskExample Example, IReadOnlyList<ModelCell> Cells, double Delta, IReadOnlyList<string> Metadata)
{
    public int Index => Example.Index;
}

/// <summary>
/// The examples grid for one URL state: the filtered, sorted row positions (the whole filter result, for CSV export,
/// previous/next and the scatter) and the current page of rows.
/// </summary>
public sealed class ExamplesView
{
    private ExamplesView(TaskResults results, MetadataTable metadata, ExampleViewState state, IReadOnlyList<ModelColumn> models,
        ModelColumn? a, ModelColumn? b, int[] rows)
    {
        Results = results;
        Metadata = metadata;
        State = state;
        Models = models;
        A = a;
        B = b;
        FilteredRows = rows;
    }

    public TaskResults Results { get; }

    /// <summary>The dataset's columns plus the user's regex columns.</summary>
    public MetadataTable Metadata { get; }

    public ExampleViewState State { get; }

    public IReadOnlyList<ModelColumn> Models { get; }

    public ModelColumn? A { get; }

    public ModelColumn? B { get; }

    /// <summary>Row positions that pass the filter, in display order.</summary>
    public int[] FilteredRows { get; }

    public int TotalRows => Results.RowCount;

    public static ExamplesView Build(TaskResults results, MetadataTable metadata, ExampleViewState state)
    {
        var models = state.ShownModels(results);
        var (a, b) = state.DeltaModels(results);
        var rows = ExampleFilter.Apply(results, metadata, state.Query, a?.Name, b?.Name);
        return new ExamplesView(results, metadata, state, models, a, b, rows);
    }

    public int PageCount(int pageSize) => Math.Max(1, (FilteredRows.Length + pageSize - 1) / pageSize);

    public IReadOnlyList<ExampleRow> Page(int page, int pageSize)
    {
        page = Math.Clamp(page, 0, PageCount(pageSize) - 1);
        return FilteredRows.Skip(page * pageSize).Take(pageSize).Select(RowAt).ToList();
    }

    public ExampleRow RowAt(int row) => new(
        row,
        Results.Dataset.Examples[row],
        Models.Select(m => new ModelCell(m.Loss(row), m.Correct(row), m.NotScoredReason(row))).ToList(),
        ExampleFilter.Delta(A, B, row),
        Metadata.Names.Select(n => Metadata.Value(n, row)).ToList());

    /// <summary>Previous and next example index around <paramref name="exampleIndex"/> within the filter (null at the ends).</summary>
    public (int? Previous, int? Next, int Position) Neighbours(int exampleIndex)
    {
        var row = Results.RowOf(exampleIndex);
        var position = Array.IndexOf(FilteredRows, row);
        if (position < 0)
        {
            return (null, null, -1);
        }

        int? IndexAt(int p) => p >= 0 && p < FilteredRows.Length ? Results.Dataset.Examples[FilteredRows[p]].Index : null;
        return (IndexAt(position - 1), IndexAt(position + 1), position);
    }

    /// <summary>Every filtered row (not just the page) with full prompts, per-model loss/correct, Δ and metadata.</summary>
    public string ToCsv()
    {
        List<string> header = ["index", "prompt", "classes", "answer_index"];
        foreach (var model in Models)
        {
            header.Add($"loss:{model.Name}");
            header.Add($"correct:{model.Name}");
        }

        if (A is not null && B is not null)
        {
            header.Add($"delta:{A.Name}-{B.Name}");
        }

        header.AddRange(Metadata.Names.Select(n => "meta:" + n));
        return Csv.Write(header, FilteredRows.Select(RowAt).Select(r =>
        {
            List<string> cells =
            [
                r.Index.ToString(CultureInfo.InvariantCulture),
                r.Example.Prompt,
                string.Join("|", r.Example.Classes),
                r.Example.AnswerIndex.ToString(CultureInfo.InvariantCulture),
            ];
            foreach (var cell in r.Cells)
            {
                cells.Add(double.IsNaN(cell.Loss) ? "" : cell.Loss.ToString("R", CultureInfo.InvariantCulture));
                cells.Add(cell.Correct is { } c ? (c ? "1" : "0") : "");
            }

            if (A is not null && B is not null)
            {
                cells.Add(double.IsNaN(r.Delta) ? "" : r.Delta.ToString("R", CultureInfo.InvariantCulture));
            }

            cells.AddRange(r.Metadata);
            return (IReadOnlyList<string>)cells;
        }));
    }

    public static string Truncate(string text, int length) =>
        text.Length <= length ? text : "…" + text[^length..].TrimStart();
}
