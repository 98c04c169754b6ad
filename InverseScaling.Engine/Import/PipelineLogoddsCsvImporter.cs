using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Per-model result CSVs of the Prize pipeline's logodds and absolute_logodds task types:
/// <c>index,logodds_difference,correct,total_logprob</c>, one file per model, the file name being the model's name.
/// The difference lands on the same metric as a logodds task scored here (<see cref="ExampleResult.Loss"/>).
/// </summary>
/// <remarks>
/// GPT-3 runs wrote <c>total_logprob</c> as a one-element Python tuple, <c>(-0.52,)</c> (GPT3Model._evaluate_logodds
/// builds it with a trailing comma); both forms are read. The file cannot say whether it holds logodds or
/// absolute_logodds (same columns), so the type is the linked dataset's (a file forced with <c>--type</c> when scored).
/// </remarks>
internal static class PipelineLogoddsCsvImporter
{
    public const string Format = "official-pipeline-logodds-csv";

    public static readonly string[] Columns = ["index", "logodds_difference", "correct", "total_logprob"];

    public static bool Recognises(string header) =>
        header.Split(',').Select(c => c.Trim()).Take(Columns.Length).SequenceEqual(Columns);

    public static ImportedRun Read(ImportContext context)
    {
        // The model first: an unknown size is refused before a large file is read.
        var model = context.ResolveModel(ModelFileNames.ModelName(context.FileName), null);
        var results = ReadRows(context);
        var dataset = FindDataset(context, results.Count);
        var negative = results.FindIndex(r => r.Result.Loss < 0);
        if (dataset.Type == TaskType.AbsoluteLogodds && negative >= 0)
        {
            throw context.Refuse(
                $"logodds_difference is negative ({results[negative].Result.Loss}) but {dataset.Name} is an absolute_logodds task, whose differences are absolute values",
                results[negative].Line);
        }

        var values = results.Select(r => r.Result).ToList();
        var source = context.Source(Format, "Imported from the official Prize pipeline's logodds CSV: per-example logodds differences, no per-class log-probs.", perExample: true);
        return new ImportedRun(
            context.Run(dataset.Name, dataset, model, source, dataset.Examples.Count, Aggregator.Compute(values, dataset)),
            values,
            ReadAs: $"Prize pipeline logodds CSV; model {model.Name} from the file name; task {dataset.Name}");
    }

    private static List<(int Line, ExampleResult Result)> ReadRows(ImportContext context)
    {
        var errors = new List<DatasetIssue>();
        var rows = new List<(int, ExampleResult)>();
        using var reader = new StreamReader(context.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var r in CsvRows.Stream(reader, context.Path, errors))
        {
            var fields = r.Fields.ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
            var index = PipelineCsvImporter.ParseInt(context, fields["index"], "index", r.Line);
            if (index != rows.Count)
            {
                throw context.Refuse($"index is {index} where {rows.Count} was expected: rows must be the dataset's examples in order", r.Line);
            }

            rows.Add((r.Line, new ExampleResult
            {
                Index = index,
                Loss = PipelineCsvImporter.ParseDouble(context, fields["logodds_difference"], "logodds_difference", r.Line),
                Correct = PipelineCsvImporter.ParseBool(context, fields["correct"], r.Line),
                TotalLogprob = PipelineCsvImporter.ParseDouble(context, fields["total_logprob"], "total_logprob", r.Line),
            }));
        }

        if (rows.Count == 0 && errors.Count <= 1 && errors.All(e => e.Message.Contains("no rows", StringComparison.Ordinal)))
        {
            throw context.Refuse("the file has a header but no rows: the run that wrote it did not finish", 1);
        }

        if (errors.Count > 0)
        {
            throw context.Refuse(errors[0].Message, errors[0].Line);
        }

        return rows;
    }

    /// <summary>The logodds dataset named by the user, or the only loaded one with as many examples as the file has rows.</summary>
    private static TaskDataset FindDataset(ImportContext context, int rows)
    {
        if (context.Options.TaskName is { } name)
        {
            var named = context.DatasetNamed(name) ?? throw context.Refuse($"no dataset named \"{name}\" is loaded; load its task file first");
            if (!named.Type.IsLogodds())
            {
                throw context.Refuse($"these are logodds results, but {named.Name} is a {named.Type.PipelineName()} task");
            }

            return named.Examples.Count == rows
                ? named
                : throw context.Refuse($"{rows} rows, but {named.Name} has {named.Examples.Count} examples");
        }

        var fitting = context.Datasets.Where(d => d.Type.IsLogodds() && d.Examples.Count == rows).ToArray();
        return fitting.Length switch
        {
            1 => fitting[0],
            0 => throw context.Refuse($"{rows} rows, and no loaded logodds dataset has {rows} examples; load the task file or name it (--task NAME)"),
            _ => throw context.Refuse($"the rows fit several logodds datasets ({string.Join(", ", fitting.Select(d => d.Name))}); name the task (--task NAME)"),
        };
    }
}
