using System.Text;
using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Imports results computed elsewhere (the Prize's pipeline, lm-evaluation-harness, published tables) into the
/// store, as runs marked with their source. The one entry point for the command line's <c>import</c> and the
/// dashboard's upload: it detects the format, validates the whole file, and stores all of its runs or none.
/// </summary>
public sealed class ResultsImporter(IResultsStore store, IOptions<EngineOptions>? engineOptions = null)
{
    /// <summary>The formats <see cref="Import"/> recognises, for help texts.</summary>
    public static IReadOnlyList<string> Formats { get; } =
    [
        "official pipeline per-model CSV in any of its layouts (" + string.Join("; ", PipelineCsvLayout.All.Select(l => string.Join(",", l.Columns))) + "; file name = model)",
        "official pipeline logodds CSV (index,logodds_difference,correct,total_logprob; file name = model)",
        "lm-evaluation-harness samples_<task>_<date>.jsonl (per example)",
        "lm-evaluation-harness results_<date>.json and v0.3 result JSON (aggregates)",
        "aggregate table CSV (model,params,task|hf_dataset,accuracy,loss[,n_examples][,source_url])",
    ];

    /// <summary>Reads, validates and stores the file's runs; refuses the whole file with an <see cref="ImportException"/>.</summary>
    public IReadOnlyList<RunRecord> Import(string path, ImportOptions? options = null)
    {
        var runs = Read(path, options);
        Store(runs);
        return runs.Select(r => store.GetRun(r.Run.Id)!).ToArray();
    }

    /// <summary>Reads and validates the file's runs without storing them.</summary>
    public IReadOnlyList<ImportedRun> Read(string path, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= ImportOptions.Default;
        var context = new ImportContext(
            path, options, options.Datasets ?? store.GetDatasets(), (engineOptions?.Value.MaxTableImportMegabytes ?? new EngineOptions().MaxTableImportMegabytes) * 1024L * 1024);
        ImportedValues.RequireText(context);
        IReadOnlyList<ImportedRun> runs;
        try
        {
            runs = Path.GetExtension(context.Path).ToLowerInvariant() switch
            {
                ".csv" => ReadCsv(context),
                ".jsonl" => ReadJsonLines(context),
                ".json" => ReadJson(context),
                var other => throw context.Refuse($"unknown results format \"{other}\"; expected one of: {string.Join("; ", Formats)}"),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException
                                   && ex.TargetSite?.Module.Assembly == typeof(JsonElement).Assembly)
        {
            // JsonElement's typed accessors throw these on a value of another JSON kind (an array for an object, a
            // number for a string) or a missing key: in a results file that is the file's fault, in every layout.
            throw context.Refuse($"the file does not have the shape its format needs (a value has the wrong JSON type or is missing): {ex.Message}");
        }

        ImportedValues.Validate(context, runs);
        return runs;
    }

    /// <summary>
    /// Stores validated runs — of one file or of several — in one transaction: all of them or none, even when the
    /// process is killed half-way.
    /// </summary>
    public void Store(IReadOnlyList<ImportedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        store.ImportRuns(
            runs.Select(r => (r.Run, r.Results)).ToList(),
            runs.Select(r => r.NewDataset).OfType<TaskDataset>().DistinctBy(d => d.Sha256).ToList());
    }

    private static IReadOnlyList<ImportedRun> ReadCsv(ImportContext context)
    {
        var header = FirstLine(context);
        if (PipelineCsvImporter.Recognises(header))
        {
            return [PipelineCsvImporter.Read(context)];
        }

        if (PipelineLogoddsCsvImporter.Recognises(header))
        {
            return [PipelineLogoddsCsvImporter.Read(context)];
        }

        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        if (AggregateTableImporter.Recognises(columns))
        {
            return AggregateTableImporter.Read(context);
        }

        if (PipelineCsvLayout.UnsupportedReason(columns) is { } why)
        {
            throw context.Refuse(why, 1);
        }

        // The header is not echoed: a file that is not a results table may hold anything, and the message reaches the browser.
        throw context.Refuse(
            $"its {columns.Length} header cells are not a known results format: expected one of the official pipeline's layouts " +
            $"({string.Join("; ", PipelineCsvLayout.All.Select(l => string.Join(",", l.Columns)))}; {string.Join(",", PipelineLogoddsCsvImporter.Columns)}) or an aggregate table with model,params,task,accuracy,loss", 1);
    }

    private static IReadOnlyList<ImportedRun> ReadJsonLines(ImportContext context)
    {
        using var first = ParseJson(context, FirstLine(context), 1);
        if (LmEvalSamplesImporter.Recognises(first.RootElement))
        {
            return [LmEvalSamplesImporter.Read(context)];
        }

        throw context.Refuse("not an lm-evaluation-harness samples file (its lines have no doc_id and filtered_resps)", 1);
    }

    private static IReadOnlyList<ImportedRun> ReadJson(ImportContext context)
    {
        using var json = ParseJson(context, Encoding.UTF8.GetString(context.Bytes), null);
        if (LmEvalResultsImporter.Recognises(json.RootElement))
        {
            return LmEvalResultsImporter.Read(context, json.RootElement);
        }

        throw context.Refuse("not an lm-evaluation-harness results file (no \"results\" and \"config\" objects)");
    }

    /// <summary>The first line, streamed: deciding the format never reads the whole file.</summary>
    private static string FirstLine(ImportContext context)
    {
        var line = context.ReadLines().FirstOrDefault()?.TrimStart('\uFEFF') ?? "";
        return line.Trim().Length > 0 ? line : throw context.Refuse("the file is empty", 1);
    }

    private static JsonDocument ParseJson(ImportContext context, string text, int? line)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw context.Refuse($"not valid JSON: {ex.Message}", line ?? (int?)(ex.LineNumber + 1));
        }
    }
}
