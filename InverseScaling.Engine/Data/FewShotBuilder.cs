using System.Globalization;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Builds k-shot variants by the official recipe (data-release README): for each example, sample k other examples
/// without replacement, append each one's correct answer to its prompt, and join the demonstrations and the
/// example's own prompt with three newlines. The draw uses <see cref="SeededRandom"/>, not Python's RNG, so the
/// demonstrations differ from the organisers' k-shot files; the recipe, not the draw, is the same.
/// </summary>
public static class FewShotBuilder
{
    /// <summary>The separator between demonstrations and the prompt in the official k-shot files.</summary>
    public const string Separator = "\n\n\n";

    /// <summary>Metadata column holding the number of demonstrations.</summary>
    public const string ShotsColumn = "shots";

    // Lengths measured on the zero-shot prompt would be wrong for the longer one; MetadataColumns.Apply measures again.
    private static readonly string[] PromptLengthColumns = [MetadataColumns.PromptChars, MetadataColumns.PromptWords];

    /// <summary>
    /// A new task whose prompts carry <paramref name="shots"/> demonstrations each; classes, answers and metadata are kept.
    /// Same task, shots and seed ⇒ the same prompts. Zero shots returns <paramref name="task"/> itself.
    /// </summary>
    public static TaskDataset Build(TaskDataset task, int shots, int seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        if (shots == 0)
        {
            return task;
        }

        var examples = task.Examples;
        if (shots > examples.Count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shots), shots,
                $"{task.Name} has {examples.Count} examples, so each can have at most {examples.Count - 1} demonstrations");
        }

        var random = new SeededRandom(seed);
        var shotsText = shots.ToString(CultureInfo.InvariantCulture);
        var built = new TaskExample[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            // Draw from the n−1 others: values at or past i shift up by one, which skips the example itself.
            var demonstrations = random.SampleWithoutReplacement(examples.Count - 1, shots)
                .Select(j => Demonstration(examples[j < i ? j : j + 1]))
                .ToList();
            var metadata = examples[i].Metadata.Where(m => !PromptLengthColumns.Contains(m.Key)).ToDictionary();
            metadata[ShotsColumn] = shotsText;
            built[i] = examples[i] with
            {
                Prompt = string.Join(Separator, demonstrations.Append(examples[i].Prompt)),

                // A logodds example compares its two prompts, so both get the same demonstrations (from the first prompts).
                OtherPrompt = examples[i].OtherPrompt is { } other ? string.Join(Separator, demonstrations.Append(other)) : null,
                Metadata = metadata,
            };
        }

        var result = task with
        {
            Name = $"{task.Name} ({shots}-shot, seed {seed})",
            Origin = TaskOrigin.Generated,
            GeneratedBy = $"FewShotBuilder: {shots} shots, seed {seed}, from {task.Name} (sha256 {task.Sha256})",
            Examples = built,
            MetadataColumns = [.. task.MetadataColumns.Except(PromptLengthColumns).Append(ShotsColumn).Distinct()],
            Sha256 = "",
        };
        return result with { Sha256 = TaskFileWriter.ContentSha256(result) };
    }

    private static string Demonstration(TaskExample example) =>
        example.Completion is { } completion ? example.Prompt + completion : example.Prompt + example.Classes[example.AnswerIndex];
}
