using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Aggregate-only tables, one row per model × task: <c>model,params,task|hf_dataset,accuracy,loss,source_url</c>
/// (optionally <c>n_examples</c>), such as the OPT numbers compiled from the Hugging Face autoevaluator's model cards.
/// </summary>
internal static class AggregateTableImporter
{
    public const string Format = "aggregate-table";

    private static readonly string[] Required = ["model", "params", "accuracy", "loss"];

    public static bool Recognises(IReadOnlyCollection<string> header) =>
        Required.All(header.Contains) && (header.Contains("task") || header.Contains("hf_dataset"));

    public static IReadOnlyList<ImportedRun> Read(ImportContext context)
    {
        var errors = new List<DatasetIssue>();
        var rows = CsvRows.Read(Encoding.UTF8.GetString(context.Bytes), context.Path, errors);
        if (errors.Count > 0)
        {
            throw context.Refuse(errors[0].Message, errors[0].Line);
        }

        var runs = new List<ImportedRun>();
        foreach (var row in rows)
        {
            var fields = row.Fields.ToDictionary(f => f.Key, f => f.Value.Text.Trim(), StringComparer.Ordinal);
            var rawTask = fields.GetValueOrDefault("task") ?? fields["hf_dataset"];
            var taskName = context.Options.TaskName ?? TaskNames.ToDisplayName(rawTask) ?? rawTask;
            var dataset = context.DatasetNamed(taskName);
            var modelName = ModelName(fields["model"]);
            var model = context.ResolveModel(modelName, ParseLong(context, fields["params"], "params", row.Line));
            var count = fields.TryGetValue("n_examples", out var n) && n.Length > 0
                ? ImportedValues.Count(context, ImportedValues.WholeNumber(context, n, "n_examples", row.Line), "n_examples", row.Line)
                : dataset?.Examples.Count ?? throw context.Refuse($"the number of examples of {taskName} is not known (no n_examples column)", row.Line);
            if (dataset is not null && dataset.Examples.Count != count)
            {
                // Not refused: published numbers on an earlier version of a dataset are still worth showing, but
                // the run is not tied to the loaded file.
                dataset = null;
            }

            var aggregate = new AggregateMetrics
            {
                Count = count,
                Accuracy = ImportedValues.Proportion(context, ParseDouble(context, fields["accuracy"], "accuracy", row.Line), "accuracy", row.Line),
                MeanLoss = ImportedValues.NonNegative(context, ParseDouble(context, fields["loss"], "loss", row.Line), "loss", row.Line),
            };
            var url = fields.GetValueOrDefault("source_url") is { Length: > 0 } u ? u : null;
            var note = rawTask.StartsWith("inverse-scaling/", StringComparison.OrdinalIgnoreCase)
                ? $"Hugging Face autoevaluator (zero-shot text classification) on the round-1 Hugging Face dataset {rawTask}; " +
                  "same loss definition as the Prize. Aggregates only."
                : "Aggregates only.";
            var source = context.Source(Format, note, perExample: false, url);
            runs.Add(new ImportedRun(context.Run(taskName, dataset, model, source, count, aggregate), [], ReadAs: $"aggregate table, task {taskName}; model {model.Name}"));
        }

        if (runs.Count == 0)
        {
            throw context.Refuse("the table has no rows");
        }

        var duplicate = runs.GroupBy(r => r.Run.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw context.Refuse($"{duplicate.First().Run.ModelName} × {duplicate.First().Run.TaskName} appears more than once");
        }

        return runs;
    }

    /// <summary>"facebook/opt-125m (as inverse-scaling/opt-125m_eval)" → "opt-125m".</summary>
    private static string ModelName(string cell)
    {
        var paren = cell.IndexOf(" (", StringComparison.Ordinal);
        return KnownModelSizes.BareName(paren > 0 ? cell[..paren] : cell);
    }

    private static long? ParseLong(ImportContext context, string text, string column, int line) =>
        text.Length == 0 ? null : ImportedValues.WholeNumber(context, text, column, line);

    private static double? ParseDouble(ImportContext context, string text, string column, int line) =>
        text.Length == 0 ? null : ImportedValues.Number(context, text, column, line);
}
