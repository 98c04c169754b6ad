using System.Globalization;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// Writes per-example results in the Inverse Scaling Prize pipeline's CSV layout
/// (<c>index,loss,correct,predicted,total_logprob</c>, <c>correct</c> as 1/0 and <c>predicted</c> as the class text),
/// then <c>truncated</c> (1 when the prompt was cut at the left to fit the context) and <c>scored</c> (0 for an example
/// the model could not score: its numbers are empty), then the raw log-prob of every class (<c>logprob_0</c>,
/// <c>logprob_1</c>, …) so that the Prize loss, lm-eval's acc and acc_norm can be recomputed from the file alone.
/// The two flags come right after the pipeline's columns, which stay first, so readers of the official layout
/// (the importer here, pandas by name) are not disturbed, and before the per-class columns, whose number varies by task.
/// One file holds one model's run, as in the official pipeline, where the file name is the model name.
/// Logodds tasks get the pipeline's logodds layout, <c>index,logodds_difference,correct,total_logprob</c>, with the
/// same two flags after it.
/// </summary>
public static class ExampleResultsCsv
{
    public static void Write(TextWriter writer, TaskDataset? task, IReadOnlyList<ExampleResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        if (task?.Type.IsLogodds() == true)
        {
            WriteLogodds(writer, results);
            return;
        }

        var classColumns = results.Count == 0 ? 0 : results.Max(r => r.ClassLogprobs.Count);
        string[] header = ["index", "loss", "correct", "predicted", "total_logprob", "truncated", "scored", .. Enumerable.Range(0, classColumns).Select(k => $"logprob_{k}")];
        var line = new StringBuilder();
        writer.Write(CsvWriter.AppendRow(line, header, "\n"));
        var examples = task?.Examples.ToDictionary(e => e.Index);
        foreach (var r in results.OrderBy(r => r.Index))
        {
            string[] numbers = r.Scored
                ? [Number(r.Loss), r.Correct ? "1" : "0", PredictedText(examples, r), Number(r.TotalLogprob)]
                : ["", "", "", ""];
            string[] cells =
            [
                r.Index.ToString(CultureInfo.InvariantCulture),
                .. numbers,
                r.Truncated ? "1" : "0",
                r.Scored ? "1" : "0",
                .. Enumerable.Range(0, classColumns).Select(k => k < r.ClassLogprobs.Count ? Number(r.ClassLogprobs[k]) : ""),
            ];
            writer.Write(CsvWriter.AppendRow(line.Clear(), cells, "\n"));
        }
    }

    /// <summary>The layout main.py writes for logodds and absolute_logodds runs (the difference as the Prize plots it).</summary>
    private static void WriteLogodds(TextWriter writer, IReadOnlyList<ExampleResult> results)
    {
        var line = new StringBuilder();
        writer.Write(CsvWriter.AppendRow(line, ["index", "logodds_difference", "correct", "total_logprob", "truncated", "scored"], "\n"));
        foreach (var r in results.OrderBy(r => r.Index))
        {
            string[] numbers = r.Scored ? [Number(r.Loss), r.Correct ? "1" : "0", Number(r.TotalLogprob)] : ["", "", ""];
            string[] cells = [r.Index.ToString(CultureInfo.InvariantCulture), .. numbers, r.Truncated ? "1" : "0", r.Scored ? "1" : "0"];
            writer.Write(CsvWriter.AppendRow(line.Clear(), cells, "\n"));
        }
    }

    /// <summary>Writes UTF-8 without a byte-order mark, as the pipeline's pandas does; the stream is left open.</summary>
    public static void Write(Stream stream, TaskDataset? task, IReadOnlyList<ExampleResult> results)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        Write(writer, task, results);
    }

    /// <summary>The official pipeline writes the predicted class's text; the index is the fallback when the task is unknown.</summary>
    private static string PredictedText(Dictionary<int, TaskExample>? examples, ExampleResult result)
    {
        if (result.Predicted < 0)
        {
            return "";
        }

        return examples is not null && examples.TryGetValue(result.Index, out var example) && result.Predicted < example.Classes.Count
            ? example.Classes[result.Predicted]
            : result.Predicted.ToString(CultureInfo.InvariantCulture);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
