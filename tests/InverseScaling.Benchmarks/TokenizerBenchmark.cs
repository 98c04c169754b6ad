using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tokenization;

namespace InverseScaling.Benchmarks;

/// <summary>
/// What a run pays before its first forward pass with a real tokenizer: reading the tokenizer file (overlapped with
/// opening the graph when a model opens), then tokenising every example (the scorer plans batches over all of them),
/// on one core and as the scorer does it, on every core. The tokenizers are the test fixtures' real files.
/// </summary>
internal static class TokenizerBenchmark
{
    public static void Run(int repeat)
    {
        string[] taskNames = ["memo-trap", "neqa"];
        var tasks = taskNames.Select(n => TaskFileReader.Read(Path.Combine(BundledContent.Datasets, $"{n}_classification.jsonl"))).ToList();
        Console.WriteLine();
        Console.WriteLine($"Tokenizers (tests/fixtures/tokenizers), median of {repeat}: load, then every example of a task as the scorer tokenises it");
        Console.WriteLine($"{"tokenizer",-10} {"vocabulary",10} {"load s",7} {"task",-10} {"examples",8} {"one core s",10} {"all cores s",11} {"ms/example",10}");
        foreach (var name in new[] { "gpt2", "llama3", "qwen3", "gemma3" })
        {
            var path = Fixtures.Gunzipped("tokenizers", name, "tokenizer.json.gz");
            ITextTokenizer? tokenizer = null;
            var load = Median(repeat, () => tokenizer = TokenizerLoader.Load(path));
            foreach (var task in tasks)
            {
                var oneCore = Median(repeat, () =>
                {
                    foreach (var example in task.Examples)
                    {
                        ExampleTokens.TryCreate(example, task.Type, tokenizer!, addBos: true, maxContext: 4096, out _);
                    }
                });
                var allCores = Median(repeat, () => ExampleTokens.CreateAll(task.Examples, task.Type, tokenizer!, addBos: true, maxContext: 4096, CancellationToken.None));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} {tokenizer!.VocabularySize,10} {load,7:F2} {task.Name,-10} {task.Examples.Count,8} {oneCore,10:F3} {allCores,11:F3} {1000 * oneCore / task.Examples.Count,10:F3}"));
            }
        }
    }

    /// <summary>Median seconds of <paramref name="repeat"/> runs, after one untimed run (the JIT).</summary>
    private static double Median(int repeat, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
