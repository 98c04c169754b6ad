using System.Globalization;
using System.Text;

namespace InverseScaling.Engine.Data.Generators;

/// <summary>
/// Generates a task from a <see cref="TemplateTaskSpec"/>: every combination of slot values (or a seeded sample),
/// rendered through the prompt, classes, answer and metadata templates. Same spec and seed ⇒ byte-identical output.
/// The result is labelled <see cref="TaskOrigin.Generated"/> and named "<c>name (generated, seed N)</c>", never
/// with an official task name, and it passes the same validation as a task file.
/// </summary>
public static class TemplateTaskGenerator
{
    /// <summary>Without a <c>sample</c>, a spec may enumerate at most this many combinations.</summary>
    public const int MaxExamples = 1_000_000;

    private const int MaxNesting = 16;

    /// <summary>Generates the task; <paramref name="seed"/> overrides the spec's own seed.</summary>
    /// <exception cref="DatasetFormatException">The spec cannot produce a valid task; every reason, with the spec file, path and line.</exception>
    public static TaskDataset Generate(TemplateTaskSpec spec, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var actualSeed = seed ?? spec.Seed;
        var random = new SeededRandom(actualSeed);
        var errors = new List<DatasetIssue>();
        var combinations = ChooseCombinations(spec, random, errors);
        var examples = new List<TaskExample>(combinations.Count);
        foreach (var combination in combinations)
        {
            try
            {
                examples.Add(Render(spec, combination, examples.Count, random));
            }
            catch (SpecRenderException e)
            {
                errors.Add(new(spec.SourceFile, spec.Lines.LineOf(e.Path), IssueSeverity.Error,
                    $"{e.Path}: example {examples.Count + errors.Count + 1} ({Describe(spec, combination)}): {e.Message}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new DatasetFormatException(spec.SourceFile, errors);
        }

        var name = $"{spec.Name} (generated, seed {actualSeed})";
        var draft = new TaskDataset
        {
            Name = name,
            Type = TaskType.Classification,
            Origin = TaskOrigin.Generated,
            SourcePath = spec.SourceFile,
            Sha256 = "",
            Examples = examples,
            MetadataColumns = spec.MetadataColumns,
        };

        // Read the written form back: the generated task passes exactly the checks a task file does, its identity
        // is the SHA-256 of the file a user would get by saving it, and its name and origin come from that file.
        var bytes = TaskFileWriter.ToJsonlBytes(draft);
        var checkedTask = TaskFileReader.Read(bytes, name);
        return checkedTask with
        {
            SourcePath = spec.SourceFile,
            GeneratedBy = $"{Path.GetFileName(spec.SourceFile)} ({spec.Name}), seed {actualSeed}",
        };
    }

    private static List<int[]> ChooseCombinations(TemplateTaskSpec spec, SeededRandom random, List<DatasetIssue> errors)
    {
        var total = spec.Combinations;
        var sample = spec.SampleSize;
        if (sample is null && total > MaxExamples || total > int.MaxValue)
        {
            errors.Add(new(spec.SourceFile, spec.Lines.LineOf("$.slots"), IssueSeverity.Error,
                $"$.slots: the slots make {total:N0} combinations; set \"sample\" to draw fewer (at most {MaxExamples:N0})"));
            return [];
        }

        if (sample > total)
        {
            errors.Add(new(spec.SourceFile, spec.Lines.LineOf("$.sample"), IssueSeverity.Error,
                $"$.sample: cannot draw {sample} examples from {total} combinations of the slots"));
            return [];
        }

        var indices = sample is { } n ? random.SampleWithoutReplacement((int)total, n).Order() : Enumerable.Range(0, (int)total);
        return indices.Select(index => Decode(spec, index)).ToList();
    }

    // Mixed-radix digits of the combination number, the last slot varying fastest.
    private static int[] Decode(TemplateTaskSpec spec, int index)
    {
        var digits = new int[spec.Slots.Count];
        for (var s = spec.Slots.Count - 1; s >= 0; s--)
        {
            var size = spec.Slots[s].Values.Count;
            digits[s] = index % size;
            index /= size;
        }

        return digits;
    }

    private static string Describe(TemplateTaskSpec spec, int[] combination) =>
        string.Join(", ", spec.Slots.Select((s, i) => $"{s.Name}[{combination[i]}]"));

    private static TaskExample Render(TemplateTaskSpec spec, int[] combination, int index, SeededRandom random)
    {
        var context = new RenderContext(spec, combination);
        foreach (var derived in spec.Derived)
        {
            context.Derived[derived.Name] = Evaluate(derived, context, random);
        }

        var prompt = context.Render(spec.Prompt);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new SpecRenderException(spec.Prompt.Path, "the prompt is empty");
        }

        var classes = spec.Classes.Select(context.Render).ToList();
        for (var i = 0; i < classes.Count; i++)
        {
            if (classes[i].Length == 0)
            {
                throw new SpecRenderException(spec.Classes[i].Path, "the class is empty");
            }

            if (classes.IndexOf(classes[i]) < i)
            {
                throw new SpecRenderException(spec.Classes[i].Path, $"two classes are both \"{classes[i]}\"; pick slot values that differ");
            }
        }

        var answerIndex = spec.AnswerIndex ?? FindAnswer(spec.Answer!, context.Render(spec.Answer!), classes);
        if (spec.ShuffleClasses)
        {
            var order = random.SampleWithoutReplacement(classes.Count, classes.Count);
            classes = order.Select(i => classes[i]).ToList();
            answerIndex = Array.IndexOf(order, answerIndex);
        }

        var metadata = spec.Metadata.ToDictionary(m => m.Name, m => context.Render(m.Template));
        return new TaskExample { Index = index, Line = index + 1, Prompt = prompt, Classes = classes, AnswerIndex = answerIndex, Metadata = metadata };
    }

    // The answer names a class either exactly or without the class's leading space ("{a}" for the class " {a}").
    private static int FindAnswer(SpecTemplate template, string answer, List<string> classes)
    {
        var exact = classes.IndexOf(answer);
        if (exact >= 0)
        {
            return exact;
        }

        var loose = classes.Select((c, i) => (c, i)).Where(x => x.c.TrimStart(' ') == answer.TrimStart(' ')).ToList();
        return loose.Count == 1
            ? loose[0].i
            : throw new SpecRenderException(template.Path, $"the answer \"{answer}\" is not one of the classes {PythonListLiteral.Format(classes)}");
    }

    private static string Evaluate(SpecDerived derived, RenderContext context, SeededRandom random)
    {
        if (derived.Template is { } template)
        {
            return context.Render(template);
        }

        var countText = context.Render(derived.Count!);
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new SpecRenderException(derived.Count!.Path, $"\"count\" must come out as a whole number, not \"{countText}\"");
        }

        if (derived.Cycle is { } cycle)
        {
            var items = cycle.Select(context.Render).ToList();
            return string.Join(derived.Separator, Enumerable.Range(0, count).Select(i => items[i % items.Count])) + derived.Suffix;
        }

        var (list, exclude) = context.ValueList(derived.SampleFrom!);
        var available = list.Values.Count - (exclude is null ? 0 : 1);
        if (count > available)
        {
            throw new SpecRenderException(derived.Count!.Path, $"cannot draw {count} items from \"{list.Name}\", which has {available} to offer");
        }

        var drawn = random.SampleWithoutReplacement(available, count)
            .Select(i => exclude is { } skip && i >= skip ? i + 1 : i)
            .Select(i => context.RenderItem(derived.ItemTemplate!, list.Values[i]));
        return string.Join(derived.Separator, drawn);
    }

    private sealed class RenderContext(TemplateTaskSpec spec, int[] combination)
    {
        private SpecValue? _item;

        public Dictionary<string, string> Derived { get; } = [];

        public string Render(SpecTemplate template) => Render(template, 0);

        public string RenderItem(SpecTemplate template, SpecValue item)
        {
            _item = item;
            try
            {
                return Render(template, 0);
            }
            finally
            {
                _item = null;
            }
        }

        /// <summary>A slot (whose current value is excluded from draws, as the k-shot recipe excludes the example itself) or a pool.</summary>
        public (SpecSlot List, int? Exclude) ValueList(string name)
        {
            var slot = spec.Slots.FindIndex(s => s.Name == name);
            return slot >= 0 ? (spec.Slots[slot], combination[slot]) : (spec.Pools.First(p => p.Name == name), null);
        }

        private string Render(SpecTemplate template, int depth)
        {
            if (depth > MaxNesting)
            {
                throw new SpecRenderException(template.Path, $"placeholders nest more than {MaxNesting} deep: a value refers to itself");
            }

            var sb = new StringBuilder();
            foreach (var part in template.Template.Parts)
            {
                if (part.Name is null)
                {
                    sb.Append(part.Literal);
                    continue;
                }

                SpecValue value;
                if (part.Name == SpecDerived.ItemName && _item is not null)
                {
                    value = _item;
                }
                else if (spec.Slots.FindIndex(s => s.Name == part.Name) is >= 0 and var slot)
                {
                    value = spec.Slots[slot].Values[combination[slot]];
                }
                else if (Derived.TryGetValue(part.Name, out var derived))
                {
                    sb.Append(derived);
                    continue;
                }
                else
                {
                    throw new SpecRenderException(template.Path, $"\"{part.Name}\" is used before it is derived");
                }

                sb.Append(Render(value.Scalar ?? value.Fields![part.Field!], depth + 1));
            }

            return sb.ToString();
        }
    }

    private sealed class SpecRenderException(string path, string message) : Exception(message)
    {
        public string Path { get; } = path;
    }
}
