using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// Which stored runs a view shows: one per model (for the chosen k-shot setting), preferring a complete run and then
/// the most recent one, so a re-import or a resumed run never draws a model twice.
/// </summary>
public static class RunSelection
{
    public static IReadOnlyList<RunRecord> Current(IEnumerable<RunRecord> runs, int shots) =>
        runs.Where(r => r.Shots == shots && IsShowable(r))
            .GroupBy(r => (r.ModelName, r.Family))
            .Select(g => g.OrderByDescending(r => r.Status == RunStatus.Complete).ThenByDescending(r => r.UpdatedAt).First())
            .OrderBy(r => r.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Parameters ?? 0)
            .ThenBy(r => r.TrainingStep ?? long.MaxValue)
            .ThenBy(r => r.ModelName, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Runs with per-example results linked to the task's text. Aggregate-only imports are left out of per-example views,
    /// and so are results-only imports (no dataset hash): their rows may be another version of the task.
    /// </summary>
    public static IReadOnlyList<RunRecord> WithExamples(IEnumerable<RunRecord> runs, int shots) =>
        Current(runs.Where(HasLinkedExamples), shots);

    /// <summary>The run's per-example results can be shown beside the task's examples.</summary>
    public static bool HasLinkedExamples(RunRecord run) => run.Source.HasPerExampleResults && run.TaskSha256 is not null;

    /// <summary>Per-example results imported without their task's text (<c>--results-only</c>).</summary>
    public static bool IsResultsOnly(RunRecord run) => run.Source.HasPerExampleResults && run.TaskSha256 is null;

    /// <summary>A run has something to draw when it is complete or has results so far (live partial curves), unless the user hid it.</summary>
    public static bool IsShowable(RunRecord run) =>
        !run.Hidden && (run.Status == RunStatus.Complete || (run.Status is RunStatus.Running or RunStatus.Cancelled or RunStatus.Interrupted && run.Completed > 0));

    /// <summary>The status as the runs table shows it, with what to do about a run that stopped half-way.</summary>
    public static string StatusText(RunRecord run) => run.Status switch
    {
        RunStatus.Interrupted => "interrupted: its process ended; scoring it again resumes it",
        _ => run.Status.ToString().ToLowerInvariant() + (run.Error is null ? "" : $": {run.Error}"),
    };

    /// <summary>The run's aggregates, or the live partial ones of a run still scoring.</summary>
    public static AggregateMetrics? AggregateOf(RunRecord run, IReadOnlyDictionary<string, AggregateMetrics> live) =>
        run.Aggregate ?? live.GetValueOrDefault(run.Id);

    /// <summary>k-shot settings that have at least one showable run, ascending (0 first).</summary>
    public static IReadOnlyList<int> ShotSettings(IEnumerable<RunRecord> runs) =>
        runs.Where(IsShowable).Select(r => r.Shots).Distinct().Order().ToList();

    /// <summary>
    /// The file a run came from, as exports and tooltips show it: the shipped results relative to the bundled folder
    /// (their absolute path is the server's build folder, meaningless to whoever reads the CSV), other files as recorded.
    /// </summary>
    public static string SourceFileText(RunRecord run)
    {
        var file = run.Source.File ?? "";
        var bundled = Path.GetFullPath(Engine.BundledContent.Root) + Path.DirectorySeparatorChar;
        return Path.IsPathRooted(file) && Path.GetFullPath(file).StartsWith(bundled, StringComparison.Ordinal)
            ? "bundled/" + Path.GetRelativePath(bundled, file).Replace(Path.DirectorySeparatorChar, '/')
            : file;
    }

    /// <summary>Short provenance text for a run, shown beside its numbers.</summary>
    public static string SourceLabel(RunRecord run) => run.Source.Origin == RunOrigin.Local
        ? "scored locally"
        : "imported" + (run.Source.Format is { } f ? $" ({f})" : "") + (run.Source.HasPerExampleResults ? "" : ", aggregates only");
}
