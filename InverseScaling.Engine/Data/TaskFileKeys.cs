namespace InverseScaling.Engine.Data;

/// <summary>
/// The keys (CSV columns) a task file row has beyond metadata: the official release's, plus <see cref="Generator"/>,
/// which the project adds so that a generated task saved to a file is still known as generated when read back.
/// </summary>
internal static class TaskFileKeys
{
    public const string Prompt = "prompt";
    public const string Classes = "classes";
    public const string AnswerIndex = "answer_index";
    public const string Completion = "completion";

    /// <summary>The second prompt of a logodds task; its presence makes a file a logodds task.</summary>
    public const string OtherPrompt = "other_prompt";

    /// <summary>What the organisers' early logodds example sheets called <see cref="OtherPrompt"/>.</summary>
    public const string BiasedPrompt = "biased_prompt";
    public const string Round = "round";
    public const string Part = "part";

    /// <summary>On every row of a generated task's file: the task's name, e.g. "pattern-matching-suppression (generated, seed 1)".</summary>
    public const string Generator = "generator";

    private static readonly HashSet<string> All = [Prompt, OtherPrompt, BiasedPrompt, Classes, AnswerIndex, Completion, Round, Part, Generator];

    /// <summary>True for a key that is not metadata, so it cannot name a metadata column.</summary>
    public static bool IsReserved(string key) => All.Contains(key);
}
