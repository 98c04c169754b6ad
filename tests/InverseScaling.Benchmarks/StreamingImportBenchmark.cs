using System.Diagnostics;
using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Benchmarks;

/// <summary>
/// An lm-eval samples file of about 500 MB imported in this process: the working set before and at its peak. The
/// samples file is streamed line by line, so the peak should stay near what the task and its parsed results need,
/// far below the file's size (the budget: a quarter of it). The task is synthetic — 100,000 short two-class examples —
/// and every sample line carries about 5 KB of lm-eval's usual bulk (the prompt repeated in "arguments").
/// Run it as its own section: the peak working set is the process's.
/// </summary>
internal static class StreamingImportBenchmark
{
    private const int Examples = 100_000;
    private const int PaddingChars = 5_000;
    private const string Date = "2024-07-10T12-34-56.123456";

    public static void Run()
    {
        var folder = Directory.CreateTempSubdirectory("inverse-scaling-stream-");
        try
        {
            var task = Task(Path.Combine(folder.FullName, "synthetic.jsonl"));
            var samples = Path.Combine(folder.FullName, $"samples_synthetic_{Date}.jsonl");
            WriteSamples(samples, task);
            var size = new FileInfo(samples).Length;

            using var store = new LiteDbResultsStore(Path.Combine(folder.FullName, "results.litedb"));
            var importer = new ResultsImporter(store);
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.WorkingSet64;
            var clock = Stopwatch.StartNew();
            var run = importer.Import(samples, new ImportOptions { Datasets = [task], TaskName = task.Name, ModelName = "synthetic", Parameters = 1_000 }).Single();
            clock.Stop();
            process.Refresh();
            var peak = process.PeakWorkingSet64;

            Console.WriteLine();
            Console.WriteLine("streaming import (lm-eval samples, synthetic)");
            Console.WriteLine($"  file                 {size / (1024.0 * 1024):F0} MiB, {Examples:N0} samples, imported {run.Completed:N0} in {clock.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"  working set before   {before / (1024.0 * 1024):F0} MiB (task and store loaded)");
            Console.WriteLine($"  peak working set     {peak / (1024.0 * 1024):F0} MiB; above before: {(peak - before) / (1024.0 * 1024):F0} MiB, budget {size / 4 / (1024.0 * 1024):F0} MiB, ratio {(double)(peak - before) / (size / 4):F2}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static TaskDataset Task(string path)
    {
        using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < Examples; i++)
            {
                writer.Write($$"""{"prompt": "Question {{i}}: is {{i}} even?\nAnswer:", "classes": "[' Yes', ' No']", "answer_index": {{i % 2}}}""");
                writer.Write('\n');
            }
        }

        return TaskFileReader.Read(path);
    }

    private static void WriteSamples(string path, TaskDataset task)
    {
        var padding = new string('x', PaddingChars);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        foreach (var example in task.Examples)
        {
            var prompt = JsonEscape(example.Prompt);
            writer.Write("{\"doc_id\": " + example.Index + ", \"doc\": {\"prompt\": \"" + prompt + "\", \"classes\": \"[' Yes', ' No']\", \"answer_index\": " + example.AnswerIndex + "}");
            writer.Write(", \"target\": " + example.AnswerIndex + ", \"padding\": \"" + padding + "\"");
            writer.Write(", \"arguments\": {\"gen_args_0\": {\"arg_0\": \"" + prompt + "\", \"arg_1\": \" Yes\"}, \"gen_args_1\": {\"arg_0\": \"" + prompt + "\", \"arg_1\": \" No\"}}");
            writer.Write(", \"filtered_resps\": [[\"-0.5\", \"False\"], [\"-1.5\", \"False\"]], \"filter\": \"none\"}");
            writer.Write('\n');
        }
    }

    private static string JsonEscape(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];
}
