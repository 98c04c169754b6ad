using System.Globalization;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Cli;

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
internal static class ExampleResultsCsv
{
    public static void Write(TextWriter writer, TaskDataset? task, IReadOnlyList<ExampleResult> results)
    {
        if (task?.Type.IsLogodds() == true)
        {
            WriteLogodds(writer, results);
            return;
        }

        var classColumns = results.Count == 0 ? 0 : results.Max(r => r.ClassLogprobs.Count);
        var header = new StringBuilder("index,loss,correct,predicted,total_logprob,truncated,scored");
        for (var k = 0; k < classColumns; k++)
        {
            header.Append(",logprob_").Append(k);
        }

        writer.Write(header.Append('\n'));
        var examples = task?.Examples.ToDictionary(e => e.Index);
        var line = new StringBuilder();
        foreach (var r in results.OrderBy(r => r.Index))
        {
            line.Clear().Append(r.Index.ToString(CultureInfo.InvariantCulture)).Append(',');
            if (r.Scored)
            {
                line.Append(Number(r.Loss)).Append(',')
                    .Append(r.Correct ? '1' : '0').Append(',')
                    .Append(Quote(PredictedText(examples, r))).Append(',')
                    .Append(Number(r.TotalLogprob));
            }
            else
            {
                line.Append(",,,");
            }

            line.Append(',').Append(r.Truncated ? '1' : '0').Append(',').Append(r.Scored ? '1' : '0');
            for (var k = 0; k < classColumns; k++)
            {
                line.Append(',');
                if (k < r.ClassLogprobs.Count)
                {
                    line.Append(Number(r.ClassLogprobs[k]));
                }
            }

            writer.Write(line.Append('\n'));
        }
    }

    /// <summary>The layout main.py writes for logodds and absolute_logodds runs (the difference as the Prize plots it).</summary>
    private static void WriteLogodds(TextWriter writer, IReadOnlyList<ExampleResult> results)
    {
        writer.Write("index,logodds_difference,correct,total_logprob,truncated,scored\n");
        foreach (var r in results.OrderBy(r => r.Index))
        {
            var numbers = r.Scored ? $"{Number(r.Loss)},{(r.Correct ? '1' : '0')},{Number(r.TotalLogprob)}" : ",,";
            writer.Write($"{r.Index.ToString(CultureInfo.InvariantCulture)},{numbers},{(r.Truncated ? '1' : '0')},{(r.Scored ? '1' : '0')}\n");
        }
    }

    public static void WriteFile(string path, TaskDataset? task, IReadOnlyList<ExampleResult> results)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Written beside the target and moved into place, so an interrupted export never leaves half a file.
        var temporary = path + ".partial";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            Write(writer, task, results);
        }

        File.Move(temporary, path, overwrite: true);
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

    /// <summary>RFC 4180 quoting, only where needed (class texts such as <c>" A"</c> stay bare, as pandas writes them).</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
