using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// lm-evaluation-harness <c>--log_samples</c> output, <c>samples_&lt;task&gt;_&lt;datetime&gt;.jsonl</c>: one line per
/// document (and filter) with the document (<c>doc</c>), the requests (<c>arguments</c>: context and continuation per
/// choice), the <c>target</c> and, for multiple-choice tasks, each choice's summed log-likelihood in
/// <c>filtered_resps</c> as <c>[loglikelihood, is_greedy]</c>. Those are exactly the Prize's raw class log-probs, so
/// loss, accuracy, acc_norm and class mass are recomputed here with <see cref="PrizeMetrics"/>.
/// </summary>
/// <remarks>
/// Three layouts are read: 0.4.x's, with <c>arguments</c> a dict of <c>gen_args_N</c> → <c>{arg_0, arg_1}</c>, the target
/// a string and every response a string (its <c>sanitize_list</c>); the June-2023 one, with <c>arguments</c> a flat list of
/// <c>[context, continuation]</c> and the target as the answer's text; and the current one (lists, numbers, index
/// target). Lines are matched to a loaded task by the document's prompt and classes (Prize tasks) or by the requests'
/// context and continuations; a task that is not loaded is built from the samples themselves.
/// </remarks>
internal static partial class LmEvalSamplesImporter
{
    public const string Format = "lm-eval-samples";

    public static bool Recognises(JsonElement firstLine) =>
        firstLine.ValueKind == JsonValueKind.Object
        && firstLine.TryGetProperty("doc_id", out _)
        && firstLine.TryGetProperty("filtered_resps", out _);

    /// <summary>One sample line: what it asks (prompt, classes, answer), the log-likelihoods, and how to find it in a loaded task.</summary>
    private sealed record Sample(int Line, int DocId, string Prompt, IReadOnlyList<string> Classes, int Answer, double[] Logprobs, double? Acc, string? DocKey);

    public static ImportedRun Read(ImportContext context)
    {
        var fileName = SamplesFileName().Match(context.FileName);
        var taskFromFile = fileName.Success ? fileName.Groups["task"].Value : null;
        var taskName = context.Options.TaskName ?? (taskFromFile is null ? null : TaskNames.ToDisplayName(taskFromFile) ?? taskFromFile)
            ?? throw context.Refuse("the task cannot be told from the file name (samples_<task>_<date>.jsonl); name it (--task NAME)");
        var config = LmEvalResultsImporter.FindConfigBeside(context.Path, fileName.Groups["date"].Value);
        var model = context.ResolveModel(config?.ModelName ?? ModelFromFolder(context.Path), config?.Parameters);
        var samples = ReadSamples(context);

        var loaded = context.DatasetNamed(taskName);
        var dataset = loaded ?? BuildTask(context, taskName, samples);
        var results = Match(context, dataset, samples);
        var values = results.Values.ToArray();
        var coverage = values.Length == dataset.Examples.Count ? "" : $" It covers {values.Length} of the {dataset.Examples.Count} examples (lm-eval --limit).";
        var built = loaded is null ? " The task was built from the samples themselves (prompt = context, classes = continuations, answer = target)." : "";
        var source = context.Source(
            Format,
            "Imported from lm-evaluation-harness per-sample log-likelihoods; the Prize loss was recomputed from them." + coverage + built,
            perExample: true);
        var run = context.Run(dataset.Name, dataset, model, source, dataset.Examples.Count, Aggregator.Compute(values, dataset));
        var readAs = $"lm-eval samples, task {dataset.Name}{(loaded is null ? " (built from the samples)" : "")}; model {model.Name}";
        return new ImportedRun(run, values, loaded is null ? dataset : null, readAs);
    }

    private static List<Sample> ReadSamples(ImportContext context)
    {
        var samples = new List<Sample>();
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

            samples.Add(ReadSample(context, root, lineNumber));
        }

        return samples.Count > 0 ? samples : throw context.Refuse("the file has no samples");
    }

    private static Sample ReadSample(ImportContext context, JsonElement root, int line)
    {
        var requests = Requests(context, root, line);
        if (requests.Count < 2 || requests.Any(r => r.Continuation is null))
        {
            throw context.Refuse(
                "the sample is not a multiple-choice question (its requests are not one context with two or more continuations, as a " +
                "generate_until or single-continuation task's are); import the task's results_*.json for its curve", line);
        }

        var classes = requests.Select(r => r.Continuation!).ToArray();
        var logprobs = FilteredResponses(context, root, line);
        if (logprobs.Length != classes.Length)
        {
            throw context.Refuse($"{logprobs.Length} log-likelihoods for {classes.Length} choices", line);
        }

        // Identical examples are told apart by lm-eval's doc_id (the row number in its copy of the dataset).
        var docId = root.TryGetProperty("doc_id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var i) ? i : -1;
        double? acc = root.TryGetProperty("acc", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDouble(out var accValue) ? accValue : null;
        return new Sample(line, docId, requests[0].Context, classes, Target(context, root, classes, line), logprobs, acc, DocKey(context, root, line));
    }

    private sealed record Request(string Context, string? Continuation);

    /// <summary>The requests' (context, continuation) pairs, from 0.4.x's <c>gen_args_N</c> dict or a list of argument lists.</summary>
    private static List<Request> Requests(ImportContext context, JsonElement root, int line)
    {
        if (!root.TryGetProperty("arguments", out var arguments))
        {
            throw context.Refuse("the sample has no \"arguments\" (the requests lm-eval scored)", line);
        }

        IEnumerable<JsonElement> argumentLists = arguments.ValueKind switch
        {
            JsonValueKind.Object => arguments.EnumerateObject()
                .OrderBy(p => int.TryParse(p.Name.AsSpan(p.Name.LastIndexOf('_') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
                .Select(p => p.Value),
            JsonValueKind.Array => arguments.EnumerateArray(),
            _ => throw context.Refuse("the sample's \"arguments\" are neither a list nor lm-eval 0.4's gen_args dict", line),
        };
        return argumentLists.Select(args =>
        {
            var values = args.ValueKind switch
            {
                JsonValueKind.Object => args.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Value).ToArray(),
                JsonValueKind.Array => args.EnumerateArray().ToArray(),
                _ => [],
            };
            return values.Length > 0 && values[0].ValueKind == JsonValueKind.String
                ? new Request(values[0].GetString()!, values.Length > 1 && values[1].ValueKind == JsonValueKind.String ? values[1].GetString() : null)
                : throw context.Refuse("a request's arguments do not start with the context string", line);
        }).ToList();
    }

    /// <summary>The answer: an index (a number, or a number as 0.4.x's string), or the answer's text (June 2023).</summary>
    private static int Target(ImportContext context, JsonElement root, IReadOnlyList<string> classes, int line)
    {
        if (!root.TryGetProperty("target", out var target))
        {
            throw context.Refuse("the sample has no \"target\"", line);
        }

        if (target.ValueKind == JsonValueKind.Number && target.TryGetInt32(out var number))
        {
            return number >= 0 && number < classes.Count ? number : throw context.Refuse($"target {number} is not one of the {classes.Count} choices", line);
        }

        var text = target.ValueKind == JsonValueKind.String ? target.GetString()! : target.GetRawText();
        var byText = Enumerable.Range(0, classes.Count).Where(c => classes[c] == text).ToArray();
        if (byText.Length == 0)
        {
            byText = Enumerable.Range(0, classes.Count).Where(c => classes[c].Trim() == text.Trim()).ToArray();
        }

        if (byText.Length == 1)
        {
            return byText[0];
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < classes.Count
            ? index
            : throw context.Refuse($"target \"{text}\" is neither the index nor the text of one of the choices", line);
    }

    /// <summary>Prize documents carry the task's own prompt and classes; their key finds the example in the official file.</summary>
    private static string? DocKey(ImportContext context, JsonElement root, int line)
    {
        if (!root.TryGetProperty("doc", out var doc) || doc.ValueKind != JsonValueKind.Object
            || !doc.TryGetProperty("prompt", out var p) || p.ValueKind != JsonValueKind.String || !doc.TryGetProperty("classes", out var classes))
        {
            return null;
        }

        IReadOnlyList<string> items;
        switch (classes.ValueKind)
        {
            case JsonValueKind.Array:
                items = classes.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String)
                    ? classes.EnumerateArray().Select(c => c.GetString()!).ToArray()
                    : throw context.Refuse("the sample's doc.classes holds something other than strings", line);
                break;
            case JsonValueKind.String:
                // The official files (and lm-eval's copies of them) hold a Python list literal in a string.
                if (!PythonListLiteral.TryParse(classes.GetString()!, out items, out var error))
                {
                    throw context.Refuse($"the sample's doc.classes is not a Python list literal: {error!.Message}", line);
                }

                break;
            default:
                return null;
        }

        return ContentKey(p.GetString()!, items);
    }

    /// <summary>The task as the samples ask it, examples in doc_id order; its hash is of that content, so every model's file gives the same task.</summary>
    private static TaskDataset BuildTask(ImportContext context, string taskName, IReadOnlyList<Sample> samples)
    {
        var ordered = samples.OrderBy(s => s.DocId).ToArray();
        if (ordered.DistinctBy(s => s.DocId).Count() != ordered.Length)
        {
            var twice = ordered.GroupBy(s => s.DocId).First(g => g.Count() > 1).ToArray();
            throw context.Refuse($"doc_id {twice[0].DocId} appears twice", twice[1].Line);
        }

        var examples = ordered.Select((s, index) => new TaskExample
        {
            Index = index,
            Line = s.Line,
            Prompt = s.Prompt,
            Classes = s.Classes,
            AnswerIndex = s.Answer,
        }).ToArray();
        var content = new StringBuilder();
        foreach (var e in examples)
        {
            content.Append(ContentKey(e.Prompt, e.Classes)).Append('\u0001').Append(e.AnswerIndex).Append('\u0002');
        }

        return new TaskDataset
        {
            Name = taskName,
            Type = TaskType.Classification,
            Origin = TaskOrigin.Samples,
            SourcePath = context.Path,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString()))),
            Examples = examples,
            GeneratedBy = $"lm-evaluation-harness samples ({context.FileName})",
        };
    }

    private static SortedDictionary<int, ExampleResult> Match(ImportContext context, TaskDataset dataset, IReadOnlyList<Sample> samples)
    {
        var byContent = dataset.Examples
            .GroupBy(e => ContentKey(e.Prompt, e.Classes))
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var results = new SortedDictionary<int, ExampleResult>();
        foreach (var sample in samples)
        {
            if (!(sample.DocKey is { } docKey && byContent.TryGetValue(docKey, out var candidates))
                && !byContent.TryGetValue(ContentKey(sample.Prompt, sample.Classes), out candidates))
            {
                throw context.Refuse($"the sample's question (prompt and choices) is not an example of {dataset.Name}", sample.Line);
            }

            // Identical examples are told apart by lm-eval's doc_id (the row number in its copy of the dataset).
            var example = candidates.FirstOrDefault(e => e.Index == sample.DocId && !results.ContainsKey(e.Index))
                ?? candidates.FirstOrDefault(e => !results.ContainsKey(e.Index))
                ?? throw context.Refuse($"example {candidates[0].Index} of {dataset.Name} appears twice", sample.Line);
            results[example.Index] = Score(context, example, sample);
        }

        return results;
    }

    private static ExampleResult Score(ImportContext context, TaskExample example, Sample sample)
    {
        var result = ExampleResult.Classified(example.Index, sample.Logprobs, example.AnswerIndex);
        // lm-eval's own acc is argmax == gold, the Prize's "correct": a disagreement means the sample is not this example.
        if (sample.Acc is { } acc && (acc == 1) != result.Correct)
        {
            throw context.Refuse(
                $"lm-eval's acc = {acc.ToString(CultureInfo.InvariantCulture)} disagrees with the answer of example {example.Index} " +
                $"(answer_index {example.AnswerIndex}); the sample's target does not match the dataset",
                sample.Line);
        }

        return result;
    }

    private static double[] FilteredResponses(ImportContext context, JsonElement root, int line)
    {
        if (!root.TryGetProperty("filtered_resps", out var resps) || resps.ValueKind != JsonValueKind.Array)
        {
            throw context.Refuse("the sample has no \"filtered_resps\" list", line);
        }

        return resps.EnumerateArray()
            .Select(r => ImportedValues.LogProbability(context, LogLikelihood(context, r, line), "a filtered response's log-likelihood", line))
            .ToArray();
    }

    /// <summary>
    /// One filtered response, <c>[loglikelihood, is_greedy]</c>: numbers, or strings as 0.4.x's <c>sanitize_list</c> writes
    /// them (<c>["-1.5", "False"]</c>, or the whole tuple as one string, <c>"(-1.5, False)"</c>).
    /// </summary>
    private static double LogLikelihood(ImportContext context, JsonElement response, int line)
    {
        var value = response.ValueKind == JsonValueKind.Array && response.GetArrayLength() > 0 ? response[0] : response;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (text is not null && text.StartsWith('(') && text.Contains(','))
        {
            text = text[1..text.IndexOf(',')];
        }

        return value.ValueKind switch
        {
            // Read from the raw text so that 1e400 is refused by name instead of failing inside the JSON reader.
            JsonValueKind.Number => ImportedValues.Number(context, value.GetRawText(), "a filtered response's log-likelihood", line),
            JsonValueKind.String when text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                => ImportedValues.Number(context, text, "a filtered response's log-likelihood", line),
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
