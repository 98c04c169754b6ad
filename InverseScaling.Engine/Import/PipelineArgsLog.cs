using System.Text.Json;

namespace InverseScaling.Engine.Import;

/// <summary>
/// The Prize pipeline's <c>args.log</c>, written beside the per-model CSVs by eval_pipeline/main.py
/// (<c>json.dump(args.__dict__)</c>): the dataset it ran (<c>dataset_path</c>, or <c>dataset</c> under data/), the task
/// type and the models. It names the task of a results folder whose data file is the pipeline's copy, <c>data.csv</c>.
/// </summary>
public sealed record PipelineArgsLog(string? TaskName, string? TaskType, IReadOnlyList<string> Models)
{
    public const string FileName = "args.log";

    /// <summary>The <c>args.log</c> in <paramref name="folder"/>, or null when there is none or it is not the pipeline's JSON.</summary>
    public static PipelineArgsLog? ReadFrom(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // The pipeline opens args.log for appending, so a folder run several times holds several objects back to
            // back ("}{"): the last names what the folder was last run on; the models are those of every run.
            var runs = Objects(File.ReadAllBytes(path));
            if (runs.Count == 0)
            {
                return null;
            }

            var last = runs[^1];
            var dataset = String(last, "dataset_path") ?? String(last, "dataset");
            var models = runs
                .SelectMany(run => run.TryGetProperty("models", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Where(v => v.ValueKind == JsonValueKind.String)
                .Select(v => v.GetString()!)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            return new PipelineArgsLog(dataset is null ? null : TaskNameOf(dataset), String(last, "task_type"), models);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every top-level JSON object of the file, in order (cloned: they outlive the reader).</summary>
    private static List<JsonElement> Objects(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        var objects = new List<JsonElement>();
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                objects.Add(document.RootElement.Clone());
            }
        }

        return objects;
    }

    /// <summary>A dataset path's task: the official display name when it is a Prize file, else the file's stem.</summary>
    public static string TaskNameOf(string datasetPath)
    {
        var stem = Path.GetFileNameWithoutExtension(datasetPath.Replace('\\', '/').Split('/')[^1]);
        return TaskNames.ToDisplayName(stem) ?? stem;
    }

    /// <summary>What the summary says the file told: <c>args.log: task NeQA, classification, 4 models</c>.</summary>
    public string Describe() =>
        $"{FileName}: task {TaskName ?? "?"}, {TaskType ?? "classification"}, {Models.Count} model{(Models.Count == 1 ? "" : "s")}";

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
