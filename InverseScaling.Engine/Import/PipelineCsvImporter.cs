using System.Globalization;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Per-model result CSVs of the Prize's official pipeline (naimenz/inverse-scaling-eval-pipeline, classification):
/// <c>index,loss,correct,predicted,total_logprob</c>, one file per model, the file name being the model's name.
/// The rows are the dataset's examples in order; <c>predicted</c> is the class string.
/// </summary>
/// <remarks>
/// These files hold no per-class log-probs, so imported results have empty <see cref="ExampleResult.ClassLogprobs"/>:
/// loss, accuracy and class mass are exact, acc_norm is not available.
/// </remarks>
internal static class PipelineCsvImporter
{
    public const string Format = "official-pipeline-csv";

    public static readonly string[] Columns = ["index", "loss", "correct", "predicted", "total_logprob"];

    public static bool Recognises(string header) =>
        header.Split(',').Select(c => c.Trim()).Take(Columns.Length).SequenceEqual(Columns);

    public static ImportedRun Read(ImportContext context)
    {
        var rows = ReadRows(context);
        var dataset = FindDataset(context, rows);
        var model = context.ResolveModel(Path.GetFileNameWithoutExtension(context.Path), null);

        var results = new List<ExampleResult>(rows.Count);
        foreach (var row in rows)
        {
            var example = dataset.Examples[row.Index];
            var predicted = IndexOfClass(example, row.Predicted);
            if (predicted < 0)
            {
                throw context.Refuse(
                    $"predicted class \"{row.Predicted}\" is not one of example {row.Index}'s classes in {dataset.Name} " +
                    $"({string.Join(", ", example.Classes.Select(c => $"\"{c}\""))}); the file does not belong to this dataset",
                    row.Line);
            }

            if (row.Correct != (predicted == example.AnswerIndex))
            {
                throw context.Refuse(
                    $"correct = {(row.Correct ? 1 : 0)} but the predicted class \"{row.Predicted}\" is " +
                    $"{(predicted == example.AnswerIndex ? "" : "not ")}example {row.Index}'s answer in {dataset.Name}; " +
                    "the rows do not match the dataset's examples",
                    row.Line);
            }

            results.Add(new ExampleResult
            {
                Index = row.Index,
                Loss = row.Loss,
                Correct = row.Correct,
                Predicted = predicted,
                TotalLogprob = row.TotalLogprob,
            });
        }

        var aggregate = Aggregator.Compute(results, dataset);
        var source = context.Source(
            Format,
            "Imported from the official Prize pipeline's per-example CSV: no per-class log-probs, so acc_norm and the class view are not available.",
            perExample: true);
        return new ImportedRun(context.Run(dataset.Name, dataset, model, source, dataset.Examples.Count, aggregate), results);
    }

    private sealed record Row(int Line, int Index, double Loss, bool Correct, string Predicted, double TotalLogprob);

    private static List<Row> ReadRows(ImportContext context)
    {
        var errors = new List<DatasetIssue>();
        var raw = CsvRows.Read(Encoding.UTF8.GetString(context.Bytes), context.Path, errors);
        if (errors.Count > 0)
        {
            throw context.Refuse(errors[0].Message, errors[0].Line);
        }

        var rows = new List<Row>(raw.Count);
        foreach (var r in raw)
        {
            var fields = r.Fields.ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
            if (!Columns.All(fields.ContainsKey))
            {
                throw context.Refuse($"expected the columns {string.Join(",", Columns)} but found {string.Join(",", fields.Keys)}", 1);
            }

            var index = ParseInt(context, fields["index"], "index", r.Line);
            if (index != rows.Count)
            {
                throw context.Refuse($"index is {index} where {rows.Count} was expected: rows must be the dataset's examples in order", r.Line);
            }

            rows.Add(new Row(
                r.Line,
                index,
                ImportedValues.NonNegative(context, ImportedValues.Number(context, fields["loss"], "loss", r.Line), "loss", r.Line)!.Value,
                ParseBool(context, fields["correct"], r.Line),
                fields["predicted"],
                ImportedValues.LogProbability(context, ImportedValues.Number(context, fields["total_logprob"], "total_logprob", r.Line), "total_logprob", r.Line)));
        }

        return rows;
    }

    /// <summary>The dataset named by the user, or the only known one these rows fit (row count, classes, answers).</summary>
    private static TaskDataset FindDataset(ImportContext context, IReadOnlyList<Row> rows)
    {
        if (context.Options.TaskName is { } name)
        {
            var named = context.DatasetNamed(name) ?? throw context.Refuse($"no dataset named \"{name}\" is loaded; load its task file first");
            if (named.Examples.Count != rows.Count)
            {
                throw context.Refuse($"{rows.Count} rows, but {named.Name} has {named.Examples.Count} examples");
            }

            return named;
        }

        var sameSize = context.Datasets.Where(d => d.Type == TaskType.Classification && d.Examples.Count == rows.Count).ToArray();
        var fitting = sameSize.Where(d => rows.All(r => IndexOfClass(d.Examples[r.Index], r.Predicted) >= 0)).ToArray();
        return fitting.Length switch
        {
            1 => fitting[0],
            0 when sameSize.Length == 0 => throw context.Refuse(
                $"{rows.Count} rows, and no loaded dataset has {rows.Count} examples; load the task file or name it (--task NAME)"),
            0 => throw context.Refuse(
                $"the predicted classes do not fit any loaded dataset with {rows.Count} examples ({string.Join(", ", sameSize.Select(d => d.Name))})"),
            _ => throw context.Refuse(
                $"the rows fit several datasets ({string.Join(", ", fitting.Select(d => d.Name))}); name the task (--task NAME)"),
        };
    }

    /// <summary>The class with this text; a class this program exported neutralised (<c>'=…</c>) is matched too.</summary>
    private static int IndexOfClass(TaskExample example, string predicted)
    {
        var index = IndexOf(example.Classes, predicted);
        var unneutralised = CsvWriter.Unneutralise(predicted);
        return index < 0 && !ReferenceEquals(unneutralised, predicted) ? IndexOf(example.Classes, unneutralised) : index;
    }

    private static int IndexOf(IReadOnlyList<string> classes, string text)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.Equals(classes[i], text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int ParseInt(ImportContext context, string text, string column, int line) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw context.Refuse($"{column} \"{text}\" is not an integer", line);

    /// <summary>The pipeline writes 1/0 (pandas int); True/False is accepted for files re-saved from Python booleans.</summary>
    private static bool ParseBool(ImportContext context, string text, int line) => text.Trim() switch
    {
        "1" or "True" or "true" => true,
        "0" or "False" or "false" => false,
        _ => throw context.Refuse($"correct \"{text}\" is not 1/0 or True/False", line),
    };
}
