namespace InverseScaling.Engine.Import;

/// <summary>
/// One column layout of the Prize pipeline's per-model CSVs. The pipeline's <c>run_model</c> (eval_pipeline/main.py)
/// changed its <c>field_names</c> over 2022, and files of every vintage are in circulation; a file is read by the
/// layout whose columns it has, exactly.
/// </summary>
/// <param name="Name">Short name shown in import summaries.</param>
/// <param name="Columns">The header, in the pipeline's order.</param>
/// <param name="Description">What the layout is and what it lacks.</param>
internal sealed record PipelineCsvLayout(string Name, IReadOnlyList<string> Columns, string Description)
{
    /// <summary>Every layout read; a new vintage is one more row here (and, if it has new columns, their parsing).</summary>
    public static IReadOnlyList<PipelineCsvLayout> All { get; } =
    [
        new("final", ["index", "loss", "correct", "predicted", "total_logprob"],
            "the final layout (since Aug 2022): no per-class log-probs, so acc_norm and the class view are not available"),
        new("Oct-2022 with probs", ["index", "loss", "correct", "predicted", "total_logprob", "probs"],
            "with each class's probability (kept as per-class log-probs, so acc_norm and the class view work)"),
        new("June-2022", ["index", "loss", "correct", "total_logprob"],
            "the June-2022 layout, before predicted was added: the predicted class is known only where it follows from correct"),
        new("round-1", ["index", "loss", "correct", "total_logprob", "partial_credit"],
            "the round-1 layout with partial_credit (kept as a column)"),
        new("Mar-2022 loss only", ["index", "loss"],
            "the first layout (spring 2022), loss only: accuracy and class mass were not recorded, so only the loss curve is drawn"),
    ];

    /// <summary>
    /// Layouts the pipeline wrote that hold no number this tool's metrics can take, each with the reason a file of it is
    /// refused (the header alone identifies them). They are named so that such a file is not called "unknown".
    /// </summary>
    public static IReadOnlyList<(IReadOnlyList<string> Columns, string Why)> Unsupported { get; } =
    [
        (["index", "logodds", "correct", "total_logprob"],
            "the pipeline's April-2022 \"QA\" layout (index,logodds,correct,total_logprob): each row is one prompt's log-odds of " +
            "class 0 over class 1, from before the pipeline paired prompts into logodds_difference (eval_pipeline commit 179594a, " +
            "28 Apr 2022); that value is not the Prize's logodds metric, so it is not imported: re-run the task as logodds"),
        (["index", "estimate"],
            "the pipeline's \"numeric\" layout (index,estimate): a number the model generated per example, with no loss or " +
            "correctness to plot, so it is not imported"),
    ];

    /// <summary>Why a file with this header is refused, when the header is one of <see cref="Unsupported"/>.</summary>
    public static string? UnsupportedReason(IReadOnlyCollection<string> header) =>
        Unsupported.FirstOrDefault(u => u.Columns.Count == header.Count && u.Columns.All(header.Contains)).Why;

    /// <summary>Columns this tool's <c>score --out</c> and <c>export</c> add after the pipeline's (besides <c>logprob_N</c>).</summary>
    private static readonly string[] ToolColumns = ["truncated", "scored"];

    /// <summary>
    /// The layout with exactly these columns (in any order), or null. This tool's own columns may follow any layout:
    /// <see cref="ToolColumns"/> and <c>logprob_0</c>, <c>logprob_1</c>, … (each class's raw log-prob).
    /// </summary>
    public static PipelineCsvLayout? Find(IReadOnlyCollection<string> header)
    {
        var named = header.Where(c => !IsClassLogprobColumn(c) && !ToolColumns.Contains(c)).ToArray();
        return All.FirstOrDefault(l => l.Columns.Count == named.Length && l.Columns.All(named.Contains));
    }

    /// <summary><c>logprob_N</c>: the raw log-prob of class N.</summary>
    public static bool IsClassLogprobColumn(string column) =>
        column.StartsWith("logprob_", StringComparison.Ordinal) && int.TryParse(column.AsSpan(8), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    public bool Has(string column) => Columns.Contains(column);
}
