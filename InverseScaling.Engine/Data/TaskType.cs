namespace InverseScaling.Engine.Data;

/// <summary>The Prize's task types that the winning datasets and the pipeline's own examples use.</summary>
public enum TaskType
{
    /// <summary>Pick one of several classes; loss is the NLL of the answer after renormalising over the classes.</summary>
    Classification,

    /// <summary>Summed NLL of a fixed completion (Prompt Injection).</summary>
    SequenceProb,

    /// <summary>
    /// Two prompts per example (<c>prompt</c>, <c>other_prompt</c>): the change in log-odds between the first two
    /// classes' next tokens from one prompt to the other (<see cref="Scoring.PrizeMetrics.Logodds"/>).
    /// </summary>
    Logodds,

    /// <summary>As <see cref="Logodds"/>, but the size of the change whatever its direction.</summary>
    AbsoluteLogodds,
}

/// <summary>Where a task's examples came from; decides how the UI labels it.</summary>
public enum TaskOrigin
{
    /// <summary>Byte-identical to one of the 11 official release files (SHA-256 verified).</summary>
    Official,

    /// <summary>Any other file in the official or submission format.</summary>
    User,

    /// <summary>Made by one of the project's generators; never carries an official name.</summary>
    Generated,

    /// <summary>
    /// Built from lm-evaluation-harness samples of a task that was not loaded: prompt = the request's context,
    /// classes = its continuations, answer = the target.
    /// </summary>
    Samples,
}

/// <summary>The task types' names as the Prize pipeline's <c>--task-type</c> option and its files spell them.</summary>
public static class TaskTypeNames
{
    public static bool IsLogodds(this TaskType type) => type is TaskType.Logodds or TaskType.AbsoluteLogodds;

    public static string PipelineName(this TaskType type) => type switch
    {
        TaskType.Classification => "classification",
        TaskType.SequenceProb => "sequence_prob",
        TaskType.Logodds => "logodds",
        TaskType.AbsoluteLogodds => "absolute_logodds",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a pipeline name (case-insensitive; <c>-</c> for <c>_</c> is accepted).</summary>
    public static bool TryParse(string? name, out TaskType type)
    {
        var normalised = name?.Trim().Replace('-', '_');
        foreach (var candidate in Enum.GetValues<TaskType>())
        {
            if (string.Equals(candidate.PipelineName(), normalised, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>"classification, sequence_prob, logodds, absolute_logodds", for messages.</summary>
    public static string All => string.Join(", ", Enum.GetValues<TaskType>().Select(t => t.PipelineName()));
}
