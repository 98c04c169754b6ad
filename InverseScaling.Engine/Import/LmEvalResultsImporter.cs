using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// lm-evaluation-harness aggregate results: the current <c>results_&lt;datetime&gt;.json</c> (metric keys
/// <c>"acc,none"</c>, model in <c>config.model_args</c> and <c>config.model_num_parameters</c>) and v0.3's result
/// JSON (keys <c>acc</c>, <c>acc_stderr</c>, …, as in the emergent-inabilities Pythia grid). One aggregate-only run
/// per task or group in the file that reports an accuracy (or, for generation tasks, an exact match); Prize tasks are
/// named as the Prize names them, any other task keeps lm-eval's name.
/// </summary>
internal static partial class LmEvalResultsImporter
{
    public const string Format = "lm-eval-results";
    public const string FormatV03 = "lm-eval-v0.3-results";

    private const string StderrNote =
        "lm-eval's stderr is the sample standard deviation (ddof = 1) / √n, not the Prize's population SEM; the difference is a factor √(n/(n−1)).";

    private const string V03Note =
        "lm-eval v0.3.0 scored the continuation \" \" + class, and the classes already start with a space, so every class was " +
        "scored with two leading spaces; classes containing an apostrophe were also split wrongly. Accuracy only (no loss). " + StderrNote;

    /// <summary>The model a results file describes, from its <c>config</c>.</summary>
    internal sealed record ModelConfig(string? ModelName, long? Parameters, long? TrainingStep);

    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("config", out _);

    public static IReadOnlyList<ImportedRun> Read(ImportContext context, JsonElement root)
    {
        var isV03 = !root.GetProperty("results").EnumerateObject()
            .Any(task => task.Value.ValueKind == JsonValueKind.Object && task.Value.EnumerateObject().Any(m => m.Name.Contains(',', StringComparison.Ordinal)));
        var config = ReadConfig(root);
        var step = config.TrainingStep ?? StepFromFileName(context.FileName);
        var model = context.ResolveModel(config.ModelName, config.Parameters);
        if (step is not null && context.Options.ModelName is null)
        {
            // One name per checkpoint (Hugging Face's model@revision), so the checkpoints of one size stay apart.
            model = model with { Name = $"{model.Name}@step{step}" };
        }
        var source = context.Source(isV03 ? FormatV03 : Format, isV03 ? V03Note : StderrNote, perExample: false);
        var metricSuffix = isV03 ? "" : ",none";

        var runs = new List<ImportedRun>();
        foreach (var task in root.GetProperty("results").EnumerateObject())
        {
            if (task.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            // Any task or group: Prize tasks land on their official names, others keep lm-eval's. Multiple-choice tasks
            // report acc (and acc_norm); generate_until tasks report exact_match, shown on the accuracy axis.
            var taskName = context.Options.TaskName ?? TaskNames.ToDisplayName(task.Name) ?? task.Name;
            var metrics = task.Value;
            if ((FirstMetric(context, metrics, task.Name, "acc", metricSuffix) ?? FirstMetric(context, metrics, task.Name, "exact_match", metricSuffix)) is not var (accuracyKey, accuracy))
            {
                continue;
            }

            var filter = accuracyKey[(accuracyKey.IndexOf(',', StringComparison.Ordinal) is var comma and >= 0 ? comma : accuracyKey.Length)..];
            var metricName = accuracyKey[..^filter.Length];
            var accuracySem = Metric(context, metrics, task.Name, metricName + "_stderr" + filter);
            var dataset = context.DatasetNamed(taskName);
            var count = SampleCount(root, task.Name) ?? dataset?.Examples.Count ?? OfficialRows(taskName) ?? CountFromStderr(accuracy, accuracySem)
                ?? throw context.Refuse($"the number of examples of task {task.Name} is not known");
            var aggregate = new AggregateMetrics
            {
                Count = count,
                Accuracy = accuracy,
                AccuracySem = accuracySem,
                AccuracyNorm = Metric(context, metrics, task.Name, "acc_norm" + filter),
                AccuracyNormSem = Metric(context, metrics, task.Name, "acc_norm_stderr" + filter),
                AccuracyBaseline = dataset?.Examples.Average(e => 1.0 / Math.Max(1, e.Classes.Count)),
                LossBaseline = dataset?.Examples.Average(e => Math.Log(Math.Max(1, e.Classes.Count))),
            };
            var taskSource = metricName == "acc" ? source : source with { Note = $"Accuracy is lm-eval's {accuracyKey} (a generation task). " + source.Note };
            var run = context.Run(taskName, dataset, model, taskSource, count, aggregate, step) with { Shots = NumFewShot(root, task.Name) };
            runs.Add(new ImportedRun(run, [], ReadAs: $"lm-eval {(isV03 ? "v0.3 " : "")}results, task {task.Name} ({accuracyKey}); model {model.Name}"));
        }

        if (runs.Count == 0)
        {
            throw context.Refuse("the file holds no task with an accuracy (acc) or exact-match value");
        }

        return runs;
    }

    /// <summary>The metric <paramref name="name"/> under the "none" filter, else under the first filter that has it.</summary>
    private static (string Key, double Value)? FirstMetric(ImportContext context, JsonElement metrics, string task, string name, string preferredSuffix)
    {
        if (Metric(context, metrics, task, name + preferredSuffix) is { } preferred)
        {
            return (name + preferredSuffix, preferred);
        }

        foreach (var property in metrics.EnumerateObject())
        {
            if (property.Name.StartsWith(name + ",", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.Number)
            {
                return (property.Name, ImportedValues.Number(context, property.Value.GetRawText(), $"task {task}'s \"{property.Name}\"", null));
            }
        }

        return null;
    }

    /// <summary>
    /// The model of an lm-eval output folder: the <c>results_&lt;date&gt;.json</c> written with a samples file
    /// (same date), else the folder's only results file. Null when there is none.
    /// </summary>
    public static ModelConfig? FindConfigBeside(string samplesPath, string date)
    {
        var folder = Path.GetDirectoryName(samplesPath)!;
        var sameRun = Path.Combine(folder, $"results_{date}.json");
        var candidates = File.Exists(sameRun) ? [sameRun] : Directory.GetFiles(folder, "results_*.json");
        if (candidates.Length != 1)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(candidates[0]));
            return json.RootElement.TryGetProperty("config", out _) ? ReadConfig(json.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ModelConfig ReadConfig(JsonElement root)
    {
        var config = root.GetProperty("config");
        var args = config.TryGetProperty("model_args", out var a) && a.ValueKind == JsonValueKind.String ? ParseModelArgs(a.GetString()!) : [];
        var name = args.GetValueOrDefault("pretrained")
            ?? (root.TryGetProperty("model_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null);
        long? parameters = config.TryGetProperty("model_num_parameters", out var p) && p.TryGetInt64(out var count) && count > 0 ? count : null;
        var revision = args.GetValueOrDefault("revision")
            ?? (config.TryGetProperty("model_revision", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
        long? step = revision is not null && StepPattern().Match(revision) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new ModelConfig(name, parameters, step);
    }

    /// <summary><c>pretrained=EleutherAI/pythia-70m,revision=step143000</c> → its key/value pairs.</summary>
    private static Dictionary<string, string> ParseModelArgs(string args) => args
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(kv => kv.Split('=', 2))
        .Where(kv => kv.Length == 2)
        .DistinctBy(kv => kv[0])
        .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);

    private static long? StepFromFileName(string fileName) =>
        StepPattern().Match(fileName) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>A metric's value, read from its raw text so that 1e400 is refused by name instead of failing inside the JSON reader.</summary>
    private static double? Metric(ImportContext context, JsonElement metrics, string task, string name) =>
        metrics.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? ImportedValues.Number(context, v.GetRawText(), $"task {task}'s \"{name}\"", null)
            : null;

    private static int? SampleCount(JsonElement root, string task) =>
        root.TryGetProperty("n-samples", out var ns) && ns.TryGetProperty(task, out var t)
        && (t.TryGetProperty("effective", out var e) ? e : t.GetProperty("original")).TryGetInt32(out var n) ? n : null;

    private static int NumFewShot(JsonElement root, string task)
    {
        if (root.TryGetProperty("n-shot", out var shots) && shots.TryGetProperty(task, out var k) && k.TryGetInt32(out var n))
        {
            return n;
        }

        return root.GetProperty("config").TryGetProperty("num_fewshot", out var f) && f.TryGetInt32(out var v) ? v : 0;
    }

    private static int? OfficialRows(string taskName) => OfficialTasks.All.FirstOrDefault(t => t.Name == taskName)?.Rows;

    /// <summary>n from a proportion and lm-eval's (ddof = 1) stderr: se² = p(1−p)/(n−1).</summary>
    private static int? CountFromStderr(double p, double? se) =>
        se is > 0 && p is > 0 and < 1 && Math.Round(p * (1 - p) / (se.Value * se.Value)) + 1 is var n && n <= int.MaxValue ? (int)n : null;

    [GeneratedRegex(@"step(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex StepPattern();
}
