using System.Globalization;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Turns raw rows into examples, checking every rule the Prize's pipeline relies on. Collects every problem in
/// every row rather than stopping at the first, so the user can fix a file in one pass.
/// </summary>
internal sealed class TaskRowValidator(string file, List<DatasetIssue> errors, List<DatasetIssue> warnings)
{
    private const string Prompt = TaskFileKeys.Prompt;
    private const string Classes = TaskFileKeys.Classes;
    private const string AnswerIndex = TaskFileKeys.AnswerIndex;
    private const string Completion = TaskFileKeys.Completion;
    private const string Round = TaskFileKeys.Round;
    private const string Part = TaskFileKeys.Part;

    /// <summary>
    /// The most characters one row may hold. Each example is stored whole as one document of the results database,
    /// which holds at most 16 MB; no model's context comes near a million characters, so a longer row is a broken
    /// file (a missing line break, a pasted binary) rather than a prompt to score.
    /// </summary>
    public const int MaxRowCharacters = 1_000_000;

    private TaskType? _type;
    private int _typeLine;

    /// <summary>The file's task type, decided by its first row that has classes or a completion.</summary>
    public TaskType Type => _type ?? TaskType.Classification;

    /// <summary>Columns beyond the official ones, in order of first appearance; they become metadata.</summary>
    public List<string> ExtraColumns { get; } = [];

    /// <summary>The name every row's <see cref="TaskFileKeys.Generator"/> key gives, when the file holds a generated task.</summary>
    public string? GeneratedName { get; private set; }

    // The first row's generator key (null when it has none) and its line: every other row must agree with it.
    private (string? Value, int Line)? _firstGenerator;

    public List<TaskExample> Validate(IReadOnlyList<RawRow> rows)
    {
        var examples = new List<TaskExample>(rows.Count);
        var seen = new Dictionary<(string, string), int>();
        foreach (var row in rows)
        {
            var example = ValidateRow(row, examples.Count);
            if (example is null)
            {
                continue;
            }

            // The release removed duplicates from memo-trap, sig-figs and redefine; a repeated example weighs twice in the mean.
            var key = (example.Prompt, string.Join("\u0001", example.Classes) + "\u0002" + example.Completion + "\u0003" + example.OtherPrompt);
            if (seen.TryGetValue(key, out var firstLine))
            {
                Warn(row.Line, $"the same example as line {firstLine} (it counts twice in the mean)");
            }
            else
            {
                seen[key] = row.Line;
            }

            examples.Add(example);
        }

        return examples;
    }

    private TaskExample? ValidateRow(RawRow row, int index)
    {
        var errorsBefore = errors.Count;
        var length = row.Fields.Sum(f => (long)f.Key.Length + f.Value.Text.Length);
        if (length > MaxRowCharacters)
        {
            Error(row.Line, string.Create(CultureInfo.InvariantCulture, $"the row is {length:N0} characters long, more than the {MaxRowCharacters:N0} an example may have (it is stored whole); is a line break missing?"));
            return null;
        }

        var fields = row.Fields.ToDictionary(f => f.Key, f => f.Value);

        var prompt = RequireString(row.Line, fields, Prompt);
        if (prompt is not null)
        {
            if (string.IsNullOrWhiteSpace(prompt))
            {
                Error(row.Line, "the prompt is empty");
            }
            else if (char.IsWhiteSpace(prompt[^1]))
            {
                Warn(row.Line, "the prompt ends with whitespace; the Prize's guidance is that the space belongs at the start of each class");
            }
        }

        var rowType = RowType(row.Line, fields);
        IReadOnlyList<string> classes = [];
        var answerIndex = 0;
        string? completion = null;
        string? otherPrompt = null;
        if (rowType is TaskType.Classification or TaskType.Logodds)
        {
            classes = ParseClasses(row.Line, fields[Classes]) ?? [];
            answerIndex = ParseAnswerIndex(row.Line, fields, classes.Count) ?? 0;
        }

        if (rowType == TaskType.Logodds)
        {
            otherPrompt = ParseOtherPrompt(row.Line, fields);
        }
        else if (rowType == TaskType.SequenceProb)
        {
            completion = RequireString(row.Line, fields, Completion);
            if (completion is { Length: 0 })
            {
                Error(row.Line, "the completion is empty");
            }
        }

        var round = OptionalInteger(row.Line, fields, Round);
        var part = OptionalInteger(row.Line, fields, Part);
        CheckGenerator(row.Line, fields);
        var metadata = ExtraFields(row);
        if (errors.Count > errorsBefore || rowType is null)
        {
            return null;
        }

        return new TaskExample
        {
            Index = index,
            Line = row.Line,
            Prompt = prompt!,
            OtherPrompt = otherPrompt,
            Classes = classes,
            AnswerIndex = answerIndex,
            Completion = completion,
            Round = round,
            Part = part,
            Metadata = metadata,
        };
    }

    private TaskType? RowType(int line, Dictionary<string, RawValue> fields)
    {
        var hasClasses = fields.ContainsKey(Classes);
        var hasCompletion = fields.ContainsKey(Completion);
        var otherPromptKey = OtherPromptKey(fields);
        TaskType type;
        if (hasClasses && hasCompletion)
        {
            Error(line, "the row has both \"classes\" (classification) and \"completion\" (sequence_prob); keep one");
            return null;
        }
        else if (otherPromptKey is not null && !hasClasses)
        {
            Error(line, $"the row has \"{otherPromptKey}\" (a logodds task) but no \"classes\"");
            return null;
        }
        else if (otherPromptKey is not null)
        {
            // The pipeline's logodds and absolute_logodds files have the same columns; absolute_logodds is chosen on
            // the command line (score --type absolute_logodds), as the pipeline's --task-type does.
            type = TaskType.Logodds;
        }
        else if (hasClasses)
        {
            type = TaskType.Classification;
        }
        else if (hasCompletion)
        {
            type = TaskType.SequenceProb;
        }
        else
        {
            Error(line, "missing field \"classes\" (or \"completion\" for a sequence_prob task)");
            return null;
        }

        if (_type is null)
        {
            _type = type;
            _typeLine = line;
        }
        else if (_type != type)
        {
            Error(line, $"mixed task types: this row is {Describe(type)} but line {_typeLine} is {Describe(_type.Value)}");
            return null;
        }

        return type;
    }

    /// <summary>
    /// A file holds one task, so either no row names a generator or every row names the same one: a file that mixes
    /// rows of different generated tasks (or generated and hand-written rows) would be scored under one wrong name.
    /// </summary>
    private void CheckGenerator(int line, Dictionary<string, RawValue> fields)
    {
        string? value = null;
        if (fields.TryGetValue(TaskFileKeys.Generator, out var raw))
        {
            if (raw.Kind is not (RawKind.String or RawKind.Text) || string.IsNullOrWhiteSpace(raw.Text))
            {
                Error(line, $"\"{TaskFileKeys.Generator}\" must be the generated task's name, such as \"my-task (generated, seed 1)\", but it is {Show(raw)}");
                return;
            }

            value = raw.Text;
        }

        if (_firstGenerator is not { } first)
        {
            _firstGenerator = (value, line);
            GeneratedName = value;
        }
        else if (first.Value != value)
        {
            Error(line, (value, first.Value) switch
            {
                (null, _) => $"this row has no \"{TaskFileKeys.Generator}\" but line {first.Line} has \"{first.Value}\"; a file holds one task, so every row of a generated task names it",
                (_, null) => $"this row has \"{TaskFileKeys.Generator}\" \"{value}\" but line {first.Line} has none; a file holds one task, so every row of a generated task names it",
                _ => $"this row has \"{TaskFileKeys.Generator}\" \"{value}\" but line {first.Line} has \"{first.Value}\"; a file holds one task",
            });
        }
    }

    private static string Describe(TaskType type) => type switch
    {
        TaskType.Classification => "classification (has \"classes\")",
        TaskType.SequenceProb => "sequence_prob (has \"completion\")",
        _ => $"logodds (has \"{TaskFileKeys.OtherPrompt}\")",
    };

    /// <summary>The row's second-prompt key: <c>other_prompt</c>, or the early sheets' <c>biased_prompt</c>; null when it has neither.</summary>
    private static string? OtherPromptKey(Dictionary<string, RawValue> fields) =>
        fields.ContainsKey(TaskFileKeys.OtherPrompt) ? TaskFileKeys.OtherPrompt
        : fields.ContainsKey(TaskFileKeys.BiasedPrompt) ? TaskFileKeys.BiasedPrompt
        : null;

    private string? ParseOtherPrompt(int line, Dictionary<string, RawValue> fields)
    {
        if (fields.ContainsKey(TaskFileKeys.OtherPrompt) && fields.ContainsKey(TaskFileKeys.BiasedPrompt))
        {
            Error(line, $"the row has both \"{TaskFileKeys.OtherPrompt}\" and \"{TaskFileKeys.BiasedPrompt}\" (its older name); keep one");
            return null;
        }

        var key = OtherPromptKey(fields)!;
        var other = RequireString(line, fields, key);
        if (other is not null && string.IsNullOrWhiteSpace(other))
        {
            Error(line, $"\"{key}\" is empty");
        }

        return other;
    }

    private List<string>? ParseClasses(int line, RawValue value)
    {
        List<string> classes;
        switch (value.Kind)
        {
            case RawKind.String or RawKind.Text:
                if (!PythonListLiteral.TryParse(value.Text, out var parsed, out var error))
                {
                    Error(line, $"\"classes\" is not a Python list of strings: {error!.Message} in {Quote(value.Text)}");
                    return null;
                }

                classes = [.. parsed];
                break;
            case RawKind.Array:
                var notStrings = value.Items!.Select((item, i) => (item, i)).Where(x => x.item.Kind != RawKind.String).ToList();
                if (notStrings.Count > 0)
                {
                    Error(line, $"\"classes\" must hold strings, but item {notStrings[0].i + 1} is {notStrings[0].item.Describe()}");
                    return null;
                }

                classes = value.Items!.Select(item => item.Text).ToList();
                break;
            default:
                Error(line, $"\"classes\" must be a string holding a list literal such as \"[' A', ' B']\" or a JSON array, but it is {value.Describe()}");
                return null;
        }

        if (classes.Count == 0)
        {
            Error(line, "\"classes\" is empty");
            return null;
        }

        if (classes.Count == 1)
        {
            Error(line, $"\"classes\" has only one class ({Quote(classes[0])}); a classification task needs at least two");
            return null;
        }

        var ok = true;
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i].Length == 0)
            {
                Error(line, $"class {i + 1} is an empty string");
                ok = false;
            }
            else if (classes.IndexOf(classes[i]) < i)
            {
                Error(line, $"class {Quote(classes[i])} appears twice in \"classes\"");
                ok = false;
            }
        }

        if (ok && classes.Any(c => !c.StartsWith(' ')))
        {
            // The official loader prints the same warning (eval_pipeline/dataset.py).
            Warn(line, $"some class label from {PythonListLiteral.Format(classes)} does not have a leading space");
        }

        return ok ? classes : null;
    }

    private int? ParseAnswerIndex(int line, Dictionary<string, RawValue> fields, int classCount)
    {
        if (!fields.TryGetValue(AnswerIndex, out var value))
        {
            Error(line, "missing field \"answer_index\"");
            return null;
        }

        if (!TryInteger(value, out var answer))
        {
            Error(line, $"\"answer_index\" must be an integer, but it is {Show(value)}");
            return null;
        }

        if (classCount > 0 && (answer < 0 || answer >= classCount))
        {
            Error(line, $"\"answer_index\" {answer} is out of range: there are {classCount} classes, so it must be 0 to {classCount - 1}");
            return null;
        }

        return (int)answer;
    }

    private int? OptionalInteger(int line, Dictionary<string, RawValue> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.Kind == RawKind.Null || (value.Kind == RawKind.Text && value.Text.Length == 0))
        {
            return null;
        }

        if (!TryInteger(value, out var number) || number is < int.MinValue or > int.MaxValue)
        {
            Error(line, $"\"{name}\" must be an integer, but it is {Show(value)}");
            return null;
        }

        return (int)number;
    }

    private static bool TryInteger(RawValue value, out long number)
    {
        number = 0;
        return value.Kind switch
        {
            RawKind.Integer => long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            RawKind.Text => long.TryParse(value.Text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)
                || TryWholeFloat(value.Text.Trim(), out number),
            RawKind.Number => TryWholeFloat(value.Text, out number),
            _ => false,
        };
    }

    /// <summary>
    /// pandas writes an integer column as floats (<c>1.0</c>, <c>-0.0</c>) once any of its cells is missing; such a
    /// value is the integer it spells. A fractional one (<c>1.5</c>) is not an index and stays refused.
    /// </summary>
    private static bool TryWholeFloat(string text, out long number)
    {
        number = 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsInteger(value) || Math.Abs(value) > int.MaxValue)
        {
            return false;
        }

        number = (long)value;
        return true;
    }

    private string? RequireString(int line, Dictionary<string, RawValue> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value))
        {
            Error(line, $"missing field \"{name}\"");
            return null;
        }

        if (value.Kind is not (RawKind.String or RawKind.Text))
        {
            Error(line, $"\"{name}\" must be a string, but it is {value.Describe()}");
            return null;
        }

        return value.Text;
    }

    private Dictionary<string, string> ExtraFields(RawRow row)
    {
        var metadata = new Dictionary<string, string>();
        foreach (var (name, value) in row.Fields)
        {
            if (TaskFileKeys.IsReserved(name) || value.Kind == RawKind.Null)
            {
                continue;
            }

            if (!ExtraColumns.Contains(name))
            {
                ExtraColumns.Add(name);
            }

            metadata[name] = value.Text;
        }

        return metadata;
    }

    private static string Show(RawValue value) =>
        value.Kind is RawKind.String or RawKind.Text ? $"the string {Quote(value.Text)}" : value.Describe();

    private static string Quote(string text) => text.Length <= 60 ? $"\"{text}\"" : $"\"{text[..57]}…\"";

    private void Error(int line, string message) => errors.Add(new(file, line, IssueSeverity.Error, message));

    private void Warn(int line, string message) => warnings.Add(new(file, line, IssueSeverity.Warning, message));
}
