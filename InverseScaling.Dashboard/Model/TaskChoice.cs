using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>
/// A task with one k-shot setting: what the per-example pages show. The setting is part of the choice because a task
/// may have per-example runs only k-shot, and a zero-shot view of it would be empty with no way out.
/// </summary>
public sealed record TaskChoice(string Task, int Shots)
{
    public string Label => Shots == 0 ? Task : $"{Task} · {Shots}-shot";

    /// <summary>Every task × k-shot setting with a showable per-example run, by task name then k.</summary>
    public static IReadOnlyList<TaskChoice> WithExamples(IEnumerable<RunRecord> runs) =>
        runs.Where(r => RunSelection.HasLinkedExamples(r) && RunSelection.IsShowable(r))
            .Select(r => new TaskChoice(r.TaskName, r.Shots))
            .Distinct()
            .OrderBy(c => c.Task, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Shots)
            .ToList();

    /// <summary>
    /// The choice the URL asks for when it exists; else the same task at its first k-shot setting that has per-example
    /// results; else the first choice. Whenever the answer differs from the request, a note says what was asked for and
    /// what is shown instead. Null only when there is nothing to choose.
    /// </summary>
    public static TaskChoice? Resolve(IReadOnlyList<TaskChoice> choices, string? task, int shots, ICollection<string> notes)
    {
        var exact = choices.FirstOrDefault(c => c.Task == task && c.Shots == shots);
        if (exact is not null || choices.Count == 0)
        {
            return exact;
        }

        var sameTask = choices.FirstOrDefault(c => c.Task == task);
        if (sameTask is not null)
        {
            notes.Add($"{task} has no {shots}-shot per-example results; showing its {sameTask.Shots}-shot runs.");
            return sameTask;
        }

        var first = choices[0];
        if (task is not null)
        {
            notes.Add($"No per-example results for a task named \"{task}\"; showing {first.Label}.");
        }

        return first;
    }
}
