using System.Globalization;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Per-model result CSVs of the Prize's official pipeline (naimenz/inverse-scaling-eval-pipeline, classification), in
/// every layout of <see cref="PipelineCsvLayout.All"/>: one file per model, the file name being the model's name
/// (as saved: see <see cref="ModelFileNames"/>). The rows are the dataset's examples in order; <c>predicted</c>, where
/// present, is the class string. The pipeline's <c>args.log</c> beside the file, when present, names the task.
/// </summary>
/// <remarks>
/// Only the layout with <c>probs</c> holds per-class numbers; from the others, imported results have empty
/// <see cref="ExampleResult.ClassLogprobs"/>: loss, accuracy and class mass are exact, acc_norm is not available.
/// </remarks>
internal static class PipelineCsvImporter
{
    public const string Format = "official-pipeline-csv";

    /// <summary>Loss may differ from the one recomputed from <c>probs</c> by the float32 rounding of the pipeline's numbers.</summary>
    private const double LossTolerance = 1e-4;

    /// <summary>How many disagreeing rows a refusal lists.</summary>
    private const int RowsListed = 3;

    public static IReadOnlyList<string> Columns => PipelineCsvLayout.All[0].Columns;

    public static bool Recognises(string header) => PipelineCsvLayout.Find(HeaderColumns(header)) is not null;

    public static ImportedRun Read(ImportContext context)
    {
        var layout = PipelineCsvLayout.Find(HeaderColumns(FirstLine(context)))!;
        RequireRows(context, layout);
        // The model next: an unknown size is refused before a large file is read.
        var model = context.ResolveModel(ModelFileNames.ModelName(context.FileName), null);
        var rows = ReadRows(context, layout);
        var argsLog = PipelineArgsLog.ReadFrom(Path.GetDirectoryName(context.Path)!);
        var withLogprobs = rows[0].Logprobs is not null ? " with per-class logprob_N columns" : "";
        var readAs = $"Prize pipeline CSV, {layout.Name} layout{withLogprobs}; model {model.Name} from the file name" +
                     (argsLog is null ? "" : $"; {argsLog.Describe()}");
        var taskName = context.Options.TaskName ?? argsLog?.TaskName;
        var note = withLogprobs.Length > 0
            ? "Imported from a per-example CSV in the Prize pipeline's columns with each class's raw log-prob (logprob_N), so acc_norm and the class view work."
            : $"Imported from the official Prize pipeline's per-example CSV, {layout.Description}.";

        if (context.Options.ResultsOnly)
        {
            var name = taskName ?? throw context.Refuse("results imported without their task need a task name (--task NAME, or an args.log beside the file)");
            var unlinked = rows.Select(r => r.Scored ? ToResult(r, predicted: -1, classLogprobs: []) : NotScored(r)).ToArray();
            var source = context.Source(Format, note + " " + ResultsOnlyNote, perExample: true);
            var run = context.Run(name, null, model, source, rows.Count, WithoutUnrecorded(Aggregator.Compute(unlinked, null), layout));
            return new ImportedRun(run, unlinked, ReadAs: readAs + "; results only");
        }

        var dataset = FindDataset(context, rows, taskName);
        var results = new List<ExampleResult>(rows.Count);
        var disagreements = new List<(Row Row, string Why)>();
        foreach (var row in rows)
        {
            if (!row.Scored)
            {
                results.Add(NotScored(row));
                continue;
            }

            var example = dataset.Examples[row.Index];
            var classLogprobs = ClassLogprobs(context, row, example);
            var predicted = Predicted(row, example, classLogprobs, out var notAClass);
            if (notAClass is not null)
            {
                disagreements.Add((row, notAClass));
            }
            else if (predicted >= 0 && row.Correct is { } correct && correct != (predicted == example.AnswerIndex))
            {
                disagreements.Add((row,
                    $"correct = {(correct ? 1 : 0)} but the predicted class \"{example.Classes[predicted]}\" is " +
                    $"{(predicted == example.AnswerIndex ? "" : "not ")}example {row.Index}'s answer"));
            }

            results.Add(ToResult(row, predicted, classLogprobs));
        }

        if (disagreements.Count > 0)
        {
            var first = string.Join("; ", disagreements.Take(RowsListed).Select(d => $"line {d.Row.Line}: {d.Why}"));
            throw context.Refuse(
                $"{disagreements.Count} of {rows.Count} rows disagree with {dataset.Name}'s answers, so the rows do not match the dataset's " +
                $"examples: these results were computed on another version of the task. First: {first}. " +
                "To keep their loss and accuracy without the task's text, import them as results only (--results-only).",
                disagreements[0].Row.Line);
        }

        var aggregate = WithoutUnrecorded(Aggregator.Compute(results, dataset), layout);
        return new ImportedRun(
            context.Run(dataset.Name, dataset, model, context.Source(Format, note, perExample: true), dataset.Examples.Count, aggregate),
            results,
            ReadAs: readAs + $"; task {dataset.Name}");
    }

    /// <summary>Why the per-example views of a results-only import are empty.</summary>
    public const string ResultsOnlyNote =
        "Imported as results only: loss and accuracy per example, not linked to the task's text, so per-example text views are empty.";

    /// <summary>
    /// The aggregates without what the layout did not record: a loss-only file's per-example correctness is unknown
    /// (stored as false, so its accuracy would read 0) and its class mass too (total_logprob is NaN).
    /// </summary>
    private static AggregateMetrics WithoutUnrecorded(AggregateMetrics aggregate, PipelineCsvLayout layout) =>
        layout.Has("correct")
            ? aggregate
            : aggregate with { Accuracy = null, AccuracySem = null, AccuracyNorm = null, AccuracyNormSem = null, AccuracyBaseline = null, ClassMass = null };

    // Scored is false for a row this tool wrote with scored = 0 (an example the model could not score; its numbers are empty).
    // Correct is null and TotalLogprob NaN in the loss-only layout, which did not record them.
    private sealed record Row(
        int Line, int Index, double Loss, bool? Correct, string? Predicted, double TotalLogprob, IReadOnlyList<double>? Probs, double? PartialCredit, IReadOnlyList<double>? Logprobs,
        bool Scored = true);

    private static ExampleResult NotScored(Row row) => ExampleResult.NotScored(row.Index, "not scored in the imported file");

    private static ExampleResult ToResult(Row row, int predicted, IReadOnlyList<double> classLogprobs) => new()
    {
        Index = row.Index,
        Loss = row.Loss,
        Correct = row.Correct ?? false,
        Predicted = predicted,
        TotalLogprob = row.TotalLogprob,
        ClassLogprobs = classLogprobs,
        PartialCredit = row.PartialCredit,
    };

    /// <summary>
    /// The raw per-class log-probs from <c>probs</c>: ln pᵢ shifted so that their logsumexp is the row's
    /// <c>total_logprob</c>. That is exact whether the pipeline wrote raw or class-renormalised probabilities, and the
    /// loss they give must be the row's own loss.
    /// </summary>
    private static IReadOnlyList<double> ClassLogprobs(ImportContext context, Row row, TaskExample example)
    {
        var (values, column) = row.Logprobs is { Count: > 0 } raw ? (raw, "logprob_N") : row.Probs is { } p ? (p, "probs") : (null, "");
        if (values is null)
        {
            return [];
        }

        if (values.Count != example.Classes.Count)
        {
            throw context.Refuse($"{column} has {values.Count} values but example {row.Index} has {example.Classes.Count} classes", row.Line);
        }

        var logprobs = values == row.Logprobs ? values.ToArray() : ShiftedLogs(values, row.TotalLogprob);
        var loss = PrizeMetrics.Classify(logprobs, example.AnswerIndex).Loss;
        if (Math.Abs(loss - row.Loss) > LossTolerance * Math.Max(1, Math.Abs(row.Loss)))
        {
            throw context.Refuse(
                $"the loss recomputed from {column} ({loss.ToString("R", CultureInfo.InvariantCulture)}) is not the row's loss " +
                $"({row.Loss.ToString("R", CultureInfo.InvariantCulture)}) for example {row.Index}'s answer",
                row.Line);
        }

        return logprobs;
    }

    private static double[] ShiftedLogs(IReadOnlyList<double> probs, double totalLogprob)
    {
        var logs = probs.Select(p => Math.Log(p)).ToArray();
        var shift = totalLogprob - PrizeMetrics.LogSumExp(logs);
        return logs.Select(l => l + shift).ToArray();
    }

    /// <summary>
    /// The predicted class: the <c>predicted</c> column; else the argmax of <c>probs</c>; else what <c>correct</c>
    /// implies (the answer, or for two classes the other one); −1 when it cannot be known.
    /// </summary>
    private static int Predicted(Row row, TaskExample example, IReadOnlyList<double> classLogprobs, out string? notAClass)
    {
        notAClass = null;
        if (row.Predicted is { } text)
        {
            var index = IndexOfClass(example, text);
            if (index < 0)
            {
                notAClass = $"predicted class \"{text}\" is not one of example {row.Index}'s classes " +
                            $"({string.Join(", ", example.Classes.Select(c => $"\"{c}\""))})";
            }

            return index;
        }

        if (classLogprobs.Count > 0)
        {
            return PrizeMetrics.ArgMax(classLogprobs);
        }

        return row.Correct switch
        {
            true => example.AnswerIndex,
            false when example.Classes.Count == 2 => 1 - example.AnswerIndex,
            _ => -1,
        };
    }

    /// <summary>A header-only file (a run that died before its first example) is refused as such, whatever else is wrong.</summary>
    private static void RequireRows(ImportContext context, PipelineCsvLayout layout)
    {
        if (!context.ReadLines().Skip(1).Any(line => line.Trim().Length > 0))
        {
            throw context.Refuse(
                $"the file has the pipeline's header ({string.Join(",", layout.Columns)}) but no rows: the run that wrote it stopped before its first example", 1);
        }
    }

    private static string FirstLine(ImportContext context) => (context.ReadLines().FirstOrDefault() ?? "").TrimStart('\uFEFF').TrimEnd('\r');

    private static string[] HeaderColumns(string header) => header.TrimStart('\uFEFF').Split(',').Select(c => c.Trim()).ToArray();

    private static List<Row> ReadRows(ImportContext context, PipelineCsvLayout layout)
    {
        var errors = new List<DatasetIssue>();
        var rows = new List<Row>();
        string[]? logprobColumns = null;
        // Streamed: one parsed row at a time, so a file costs its compact rows, not its text plus every cell's string.
        using var reader = new StreamReader(context.Path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var r in CsvRows.Stream(reader, context.Path, errors))
        {
            logprobColumns ??= r.Fields.Select(f => f.Key).Where(PipelineCsvLayout.IsClassLogprobColumn).OrderBy(c => int.Parse(c.AsSpan(8), CultureInfo.InvariantCulture)).ToArray();
            var fields = r.Fields.ToDictionary(f => f.Key, f => f.Value.Text, StringComparer.Ordinal);
            var index = ParseInt(context, fields["index"], "index", r.Line);
            if (index != rows.Count)
            {
                throw context.Refuse($"index is {index} where {rows.Count} was expected: rows must be the dataset's examples in order", r.Line);
            }

            // scored = 0: this tool's mark for an example the model could not score. A row whose cells are all empty
            // after its index: what the pipeline wrote for an example it got no numbers for (seen in its own results folders).
            if ((fields.TryGetValue("scored", out var scored) && scored.Trim() == "0")
                || fields.Where(f => f.Key != "index").All(f => f.Value.Trim().Length == 0))
            {
                rows.Add(new Row(r.Line, index, double.NaN, null, null, double.NaN, null, null, null, Scored: false));
                continue;
            }

            rows.Add(new Row(
                r.Line,
                index,
                ImportedValues.NonNegative(context, ImportedValues.Number(context, fields["loss"], "loss", r.Line), "loss", r.Line)!.Value,
                layout.Has("correct") ? ParseBool(context, fields["correct"], r.Line) : null,
                layout.Has("predicted") ? fields["predicted"] : null,
                layout.Has("total_logprob")
                    ? ImportedValues.LogProbability(context, ParseDouble(context, fields["total_logprob"], "total_logprob", r.Line), "total_logprob", r.Line)
                    : double.NaN,
                layout.Has("probs") ? ParseList(context, fields["probs"], "probs", r.Line).Select(p => ImportedValues.NonNegative(context, p, "probs", r.Line)!.Value).ToArray() : null,
                layout.Has("partial_credit") ? ImportedValues.Proportion(context, ParseDouble(context, fields["partial_credit"], "partial_credit", r.Line), "partial_credit", r.Line) : null,
                // A row with fewer classes than the file's widest leaves the rest of its logprob_N cells empty.
                logprobColumns.Length == 0 ? null : logprobColumns.Where(c => fields[c].Trim().Length > 0)
                    .Select(c => ImportedValues.LogProbability(context, ParseDouble(context, fields[c], c, r.Line), c, r.Line)).ToArray()));
        }

        if (errors.Count > 0)
        {
            throw context.Refuse(errors[0].Message, errors[0].Line);
        }

        return rows;
    }

    /// <summary>The dataset named by the user or the args.log, or the only known one these rows fit (row count, classes, answers).</summary>
    private static TaskDataset FindDataset(ImportContext context, IReadOnlyList<Row> rows, string? taskName)
    {
        if (taskName is not null)
        {
            var named = context.DatasetNamed(taskName) ?? throw context.Refuse(
                $"no dataset named \"{taskName}\" is loaded; load its task file first, or import the results without it (--results-only)");
            if (named.Examples.Count != rows.Count)
            {
                throw context.Refuse(
                    $"{rows.Count} rows, but {named.Name} has {named.Examples.Count} examples: these results were computed on another version " +
                    "of the task; import them as results only (--results-only) to keep their numbers without its text");
            }

            return named;
        }

        // A loss-only file may be a sequence task's (lambada, single_word): the spring-2022 pipeline wrote both that way.
        var lossOnly = rows.All(r => r.Correct is null);
        var sameSize = context.Datasets
            .Where(d => (d.Type == TaskType.Classification || (lossOnly && d.Type == TaskType.SequenceProb)) && d.Examples.Count == rows.Count)
            .ToArray();
        var fitting = sameSize.Where(d => rows.All(r => r.Predicted is null || IndexOfClass(d.Examples[r.Index], r.Predicted) >= 0)).ToArray();
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

    internal static int ParseInt(ImportContext context, string text, string column, int line) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw context.Refuse($"{column} \"{text}\" is not an integer", line);

    /// <summary>
    /// A finite number (NaN, ±Inf and overflows such as 1e400 refused by <see cref="ImportedValues.Number"/>); GPT-3
    /// logodds runs wrote some as a one-element Python tuple, <c>(x,)</c>, which reads as x.
    /// </summary>
    internal static double ParseDouble(ImportContext context, string text, string column, int line)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('(') && trimmed.EndsWith(",)", StringComparison.Ordinal))
        {
            trimmed = trimmed[1..^2].Trim();
        }

        return ImportedValues.Number(context, trimmed, column, line);
    }

    /// <summary>A Python list of numbers as pandas writes it: <c>[0.25, 0.75]</c>.</summary>
    private static double[] ParseList(ImportContext context, string text, string column, int line)
    {
        var trimmed = text.Trim();
        if (!(trimmed.StartsWith('[') && trimmed.EndsWith(']')))
        {
            throw context.Refuse($"{column} \"{text}\" is not a list of numbers like [0.25, 0.75]", line);
        }

        // A list as pandas writes it has commas; a numpy array's repr only spaces ("[0.25 0.75]"): both are read.
        return trimmed[1..^1].Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => ParseDouble(context, item, column, line))
            .ToArray();
    }

    /// <summary>The pipeline writes 1/0 (pandas int); True/False is accepted for files re-saved from Python booleans.</summary>
    internal static bool ParseBool(ImportContext context, string text, int line) => text.Trim() switch
    {
        "1" or "True" or "true" => true,
        "0" or "False" or "false" => false,
        _ => throw context.Refuse($"correct \"{text}\" is not 1/0 or True/False", line),
    };
}
