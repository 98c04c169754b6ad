using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// lm-evaluation-harness <c>--log_samples</c> output, <c>samples_&lt;task&gt;_&lt;datetime&gt;.jsonl</c>: one line per
/// document (and filter) with the document itself (<c>doc</c>) and, for multiple-choice tasks, each choice's
/// summed log-likelihood in <c>filtered_resps</c> as <c>[loglikelihood, is_greedy]</c>. Those are exactly the
/// Prize's raw class log-probs, so loss, accuracy, acc_norm and class mass are recomputed here with
/// <see cref="PrizeMetrics"/>. Lines are matched to the dataset's examples by the document's prompt and classes,
/// not by position.
/// </summary>
internal static partial class LmEvalSamplesImporter
{
    public const string Format = "lm-eval-samples";

    public static bool Recognises(JsonElement firstLine) =>
        firstLine.ValueKind == JsonValueKind.Object
        && firstLine.TryGetProperty("doc_id", out _)
        && firstLine.TryGetProperty("filtered_resps", out _);

    public static ImportedRun Read(ImportContext context)
    {
        var taskFromFile = SamplesFileName().Match(context.FileName) is { Success: true } m ? m.Groups["task"].Value : null;
        var taskName = context.Options.TaskName ?? taskFromFile
            ?? throw context.Refuse("the task cannot be told from the file name (samples_<task>_<date>.jsonl); name it (--task NAME)");
        var dataset = context.DatasetNamed(taskName)
            ?? throw context.Refuse($"no loaded dataset matches task \"{taskName}\"; load its task file first or name it (--task NAME)");
        var config = LmEvalResultsImporter.FindConfigBeside(context.Path, SamplesFileName().Match(context.FileName).Groups["date"].Value);
        var model = context.ResolveModel(config?.ModelName ?? ModelFromFolder(context.Path), config?.Parameters);

        var byContent = dataset.Examples
            .GroupBy(e => ContentKey(e.Prompt, e.Classes))
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var results = new SortedDictionary<int, ExampleResult>();
        string? filter = null;
        var lineNumber = 0;
        foreach (var line in context.ReadLines())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            using var json = Parse(context, line, lineNumber);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw context.Refuse($"the line is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not a sample object", lineNumber);
            }

            // A sample is logged once per filter; multiple-choice tasks have only "none", and the first one is used.
            var lineFilter = root.TryGetProperty("filter", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            filter ??= lineFilter;
            if (lineFilter != filter)
            {
                continue;
            }

            var example = Match(context, dataset, byContent, root, lineNumber);
            if (results.ContainsKey(example.Index))
            {
                throw context.Refuse($"example {example.Index} of {dataset.Name} appears twice", lineNumber);
            }

            results[example.Index] = Score(context, example, root, lineNumber);
        }

        if (results.Count == 0)
        {
            throw context.Refuse("the file has no samples");
        }

        var values = results.Values.ToArray();
        var coverage = values.Length == dataset.Examples.Count ? "" : $" It covers {values.Length} of the {dataset.Examples.Count} examples (lm-eval --limit).";
        var source = context.Source(
            Format,
            "Imported from lm-evaluation-harness per-sample log-likelihoods; the Prize loss was recomputed from them." + coverage,
            perExample: true);
        return new ImportedRun(context.Run(dataset.Name, dataset, model, source, dataset.Examples.Count, Aggregator.Compute(values, dataset)), values);
    }

    private static TaskExample Match(
        ImportContext context,
        TaskDataset dataset,
        Dictionary<string, TaskExample[]> byContent,
        JsonElement root,
        int line)
    {
        if (!root.TryGetProperty("doc", out var doc) || doc.ValueKind != JsonValueKind.Object)
        {
            throw context.Refuse("the sample has no \"doc\" object", line);
        }

        var prompt = doc.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw context.Refuse("the sample's doc has no \"prompt\" string: not an Inverse Scaling task", line);
        var classes = ReadClasses(context, doc, line);
        if (!byContent.TryGetValue(ContentKey(prompt, classes), out var candidates))
        {
            throw context.Refuse($"the sample's doc (prompt and classes) is not an example of {dataset.Name}", line);
        }

        // Identical examples are told apart by lm-eval's doc_id (the row number in its copy of the dataset).
        var docId = root.TryGetProperty("doc_id", out var id) && id.TryGetInt32(out var i) ? i : -1;
        return candidates.FirstOrDefault(e => e.Index == docId) ?? candidates[0];
    }

    private static IReadOnlyList<string> ReadClasses(ImportContext context, JsonElement doc, int line)
    {
        if (!doc.TryGetProperty("classes", out var classes))
        {
            throw context.Refuse("the sample's doc has no \"classes\"", line);
        }

        switch (classes.ValueKind)
        {
            case JsonValueKind.Array:
                return classes.EnumerateArray()
                    .Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw context.Refuse("the sample's doc.classes holds something other than strings", line))
                    .ToArray();
            case JsonValueKind.String:
                // The official files (and lm-eval's copies of them) hold a Python list literal in a string.
                if (PythonListLiteral.TryParse(classes.GetString()!, out var items, out var error))
                {
                    return items;
                }

                throw context.Refuse($"the sample's doc.classes is not a Python list literal: {error!.Message}", line);
            default:
                throw context.Refuse("the sample's doc.classes is neither a list nor a string", line);
        }
    }

    private static ExampleResult Score(ImportContext context, TaskExample example, JsonElement root, int line)
    {
        if (!root.TryGetProperty("filtered_resps", out var resps) || resps.ValueKind != JsonValueKind.Array)
        {
            throw context.Refuse("the sample has no \"filtered_resps\" list", line);
        }

        var logprobs = resps.EnumerateArray()
            .Select(r => ImportedValues.LogProbability(context, LogLikelihood(context, r, line), "a filtered response's log-likelihood", line))
            .ToArray();
        if (logprobs.Length != example.Classes.Count)
        {
            throw context.Refuse(
                $"{logprobs.Length} log-likelihoods for example {example.Index}, which has {example.Classes.Count} classes", line);
        }

        var outcome = PrizeMetrics.Classify(logprobs, example.AnswerIndex);
        // lm-eval's own acc is argmax == gold, the Prize's "correct": a disagreement means the sample is not this example.
        if (root.TryGetProperty("acc", out var acc) && acc.TryGetDouble(out var accValue) && (accValue == 1) != outcome.Correct)
        {
            throw context.Refuse(
                $"lm-eval's acc = {accValue.ToString(CultureInfo.InvariantCulture)} disagrees with the answer of example {example.Index} " +
                $"(answer_index {example.AnswerIndex}); the sample's target does not match the dataset",
                line);
        }

        return new ExampleResult
        {
            Index = example.Index,
            Loss = outcome.Loss,
            Correct = outcome.Correct,
            Predicted = outcome.Predicted,
            TotalLogprob = outcome.TotalLogprob,
            ClassLogprobs = logprobs,
        };
    }

    /// <summary>One filtered response, <c>[loglikelihood, is_greedy]</c>; lm-eval writes the numbers as strings.</summary>
    private static double LogLikelihood(ImportContext context, JsonElement response, int line)
    {
        var value = response.ValueKind == JsonValueKind.Array && response.GetArrayLength() > 0 ? response[0] : response;
        return value.ValueKind switch
        {
            // Read from the raw text so that 1e400 is refused by name instead of failing inside the JSON reader.
            JsonValueKind.Number => ImportedValues.Number(context, value.GetRawText(), "a filtered response's log-likelihood", line),
            JsonValueKind.String => ImportedValues.Number(context, value.GetString()!, "a filtered response's log-likelihood", line),
            _ => throw context.Refuse($"a filtered response is not [loglikelihood, is_greedy]: {response.GetRawText()}", line),
        };
    }

    private static JsonDocument Parse(ImportContext context, string line, int lineNumber)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw context.Refuse($"not valid JSON: {ex.Message}", lineNumber);
        }
    }

    private static string ContentKey(string prompt, IReadOnlyList<string> classes) => prompt + "\u0000" + string.Join("\u0000", classes);

    /// <summary>lm-eval writes into <c>&lt;output&gt;/&lt;model_name_sanitized&gt;/</c>, e.g. <c>EleutherAI__pythia-70m</c>.</summary>
    private static string? ModelFromFolder(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path));
        return folder is { Length: > 0 } && folder.Contains("__", StringComparison.Ordinal) ? folder[(folder.LastIndexOf("__", StringComparison.Ordinal) + 2)..] : null;
    }

    [GeneratedRegex(@"^samples_(?<task>.+)_(?<date>\d{4}-\d{2}-\d{2}T[\d\-.:]+)\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex SamplesFileName();
}
