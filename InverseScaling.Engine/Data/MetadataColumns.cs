using System.Globalization;
using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Data;

/// <summary>A metadata column the engine derives by itself, with the sentence the UI shows to explain it.</summary>
public sealed record MetadataColumnInfo(string Name, string Description);

/// <summary>
/// Derives metadata columns from examples: built-in ones for every task, built-in pattern-matching-suppression
/// columns for prompts of that shape (<see cref="PatternPrompt"/>), and user-defined <see cref="RegexColumn"/>s.
/// Values a task file or generator already carries win over derived built-ins (a generator knows its template id).
/// Prompt length in tokens depends on the model and is in the scoring results, not here.
/// </summary>
public static partial class MetadataColumns
{
    public const string Answer = "answer";
    public const string AnswerIndex = "answer_index";
    public const string Round = "round";
    public const string Part = "part";
    public const string Shots = FewShotBuilder.ShotsColumn;
    public const string PromptChars = "prompt_chars";
    public const string PromptWords = "prompt_words";
    public const string Template = "template";
    public const string TemplateText = "template_text";
    public const string Symbols = "symbols";
    public const string Repetitions = "repetitions";
    public const string NumSymbols = "num_symbols";

    public static IReadOnlyList<MetadataColumnInfo> BuiltIn { get; } =
    [
        new(Answer, "The correct class (or the completion, for sequence_prob tasks)."),
        new(AnswerIndex, "Position of the correct class in the class list (0-based)."),
        new(Round, "Prize round of the example."),
        new(Part, "Part of the submission the example comes from."),
        new(Shots, "Few-shot demonstrations in the prompt: as built, else the number of three-newline separators, else the number of earlier lines with the same label as the prompt's last line (e.g. \"Answer: Y\")."),
        new(PromptChars, "Prompt length in characters (UTF-16 code units)."),
        new(PromptWords, "Prompt length in whitespace-separated words."),
        new(Template, "Pattern-matching-style prompts: template id (T1, T2, … in order of first appearance)."),
        new(TemplateText, "Pattern-matching-style prompts: the prompt with the sequence, symbols and numbers masked."),
        new(Symbols, "Pattern-matching-style prompts: the two alternating symbols, first one first."),
        new(Repetitions, "Pattern-matching-style prompts: times the pair is shown, a final lone symbol counting as one."),
        new(NumSymbols, "Pattern-matching-style prompts: the number of symbols the instruction asks for."),
    ];

    private static readonly HashSet<string> BuiltInNames = [.. BuiltIn.Select(c => c.Name)];

    public static bool IsBuiltIn(string name) => BuiltInNames.Contains(name);

    /// <summary>Adds the built-in columns and <paramref name="userColumns"/>; returns a new task. Idempotent.</summary>
    /// <exception cref="ArgumentException">A user column's pattern is invalid or its name is taken; the message names the column.</exception>
    public static TaskDataset Apply(TaskDataset task, IEnumerable<RegexColumn> userColumns)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(userColumns);
        var user = userColumns.Select(c => (c.Name, Regex: c.Compile())).ToList();
        if (user.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Metadata column \"{twice.Key}\" is defined twice.");
        }

        var patterns = task.Examples.Select(e => PatternPrompt.TryParse(e.Prompt)).ToList();
        var templateIds = new Dictionary<string, string>();
        foreach (var pattern in patterns.OfType<PatternPrompt>())
        {
            templateIds.TryAdd(pattern.Template, "T" + (templateIds.Count + 1).ToString(CultureInfo.InvariantCulture));
        }

        var examples = new TaskExample[task.Examples.Count];
        for (var i = 0; i < examples.Length; i++)
        {
            var example = task.Examples[i];
            var derived = Derive(example, patterns[i], templateIds);
            foreach (var (name, value) in example.Metadata)
            {
                derived[name] = value;
            }

            foreach (var (name, regex) in user)
            {
                derived.Remove(name);
                if (Extract(regex, name, example) is { } value)
                {
                    derived[name] = value;
                }
            }

            examples[i] = example with { Metadata = derived };
        }

        var present = examples.SelectMany(e => e.Metadata.Keys).ToHashSet();
        var order = BuiltIn.Select(c => c.Name).Concat(task.MetadataColumns).Concat(user.Select(c => c.Name)).Distinct();
        return task with { Examples = examples, MetadataColumns = [.. order.Where(present.Contains)] };
    }

    /// <summary>True when every value of <paramref name="column"/> is a number (the UI then offers bins and a numeric axis).</summary>
    public static bool IsNumeric(TaskDataset task, string column)
    {
        ArgumentNullException.ThrowIfNull(task);
        var any = false;
        foreach (var example in task.Examples)
        {
            if (example.Metadata.TryGetValue(column, out var value))
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>Number of few-shot demonstrations recognisable in a prompt that was not built by <see cref="FewShotBuilder"/>.</summary>
    public static int CountShots(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var separators = CountOccurrences(prompt, FewShotBuilder.Separator);
        if (separators > 0)
        {
            return separators;
        }

        // Few-shot prompts in the Question:/Answer: style (hindsight neglect) end with a bare label; each
        // demonstration has the same label followed by its answer.
        var lines = prompt.TrimEnd().Split('\n');
        var label = LabelLine().Match(lines[^1]);
        if (!label.Success)
        {
            return 0;
        }

        var prefix = label.Groups[1].Value + ":";
        return lines[..^1].Count(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Length > prefix.Length && l[prefix.Length..].Trim().Length > 0);
    }

    private static Dictionary<string, string> Derive(TaskExample example, PatternPrompt? pattern, Dictionary<string, string> templateIds)
    {
        var values = new Dictionary<string, string>
        {
            [PromptChars] = Text(example.Prompt.Length),
            [PromptWords] = Text(example.Prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length),
            [Shots] = Text(CountShots(example.Prompt)),
        };
        if (example.Completion is { } completion)
        {
            values[Answer] = completion;
        }
        else if (example.AnswerIndex >= 0 && example.AnswerIndex < example.Classes.Count)
        {
            values[Answer] = example.Classes[example.AnswerIndex];
            values[AnswerIndex] = Text(example.AnswerIndex);
        }

        if (example.Round is { } round)
        {
            values[Round] = Text(round);
        }

        if (example.Part is { } part)
        {
            values[Part] = Text(part);
        }

        if (pattern is not null)
        {
            values[Template] = templateIds[pattern.Template];
            values[TemplateText] = pattern.Template;
            values[Symbols] = pattern.First + " " + pattern.Second;
            values[Repetitions] = Text(pattern.Repetitions);
            if (pattern.NumSymbols is { } numSymbols)
            {
                values[NumSymbols] = Text(numSymbols);
            }
        }

        return values;
    }

    private static string? Extract(Regex regex, string column, TaskExample example)
    {
        try
        {
            var match = regex.Match(example.Prompt);
            return match.Success && match.Groups[1].Success ? match.Groups[1].Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ArgumentException(
                $"Metadata column \"{column}\": the pattern took longer than {RegexColumn.MatchTimeout.TotalSeconds:0} s on the prompt of line {example.Line}; simplify it.");
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([A-Za-z][A-Za-z ]{0,30}):\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelLine();
}
