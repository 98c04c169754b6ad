namespace InverseScaling.Engine.Data;

/// <summary>One row of a task file, as the Prize's pipeline sees it.</summary>
public sealed record TaskExample
{
    /// <summary>0-based position in the file; the official pipeline's CSV column <c>index</c>.</summary>
    public required int Index { get; init; }

    /// <summary>1-based line (JSON lines) or record (CSV) in the source file, for error messages.</summary>
    public required int Line { get; init; }

    public required string Prompt { get; init; }

    /// <summary>
    /// Logodds tasks: the second prompt (<c>other_prompt</c>, or <c>biased_prompt</c> in the organisers' early
    /// sheets) whose next-token log-odds are compared with <see cref="Prompt"/>'s; null for other task types.
    /// </summary>
    public string? OtherPrompt { get; init; }

    /// <summary>Class strings, each normally with its leading space. Empty for sequence_prob tasks.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    public int AnswerIndex { get; init; }

    /// <summary>The scored continuation of a sequence_prob task (Prompt Injection); null for classification.</summary>
    public string? Completion { get; init; }

    public int? Round { get; init; }

    public int? Part { get; init; }

    /// <summary>Derived or generated columns (template id, repetition count, …), by column name.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}
