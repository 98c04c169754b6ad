using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Benchmarks;

/// <summary>
/// Scores every bundled model on the bundled Prize datasets and reports throughput against the naive baseline of the
/// reference pipelines: one forward pass per (prompt + class), batch size 1, no prompt sharing. The last column is the
/// largest log-prob difference between the two, so a speed-up that changed the numbers shows here.
/// </summary>
internal static class ScoringBenchmark
{
    public static async Task RunAsync(int baselineExamples, int threads)
    {
        var datasets = Directory.GetFiles(BundledContent.Datasets, "*.jsonl")
            .Order(StringComparer.Ordinal)
            .Select(TaskFileReader.Read)
            .ToList();
        var models = ModelFolder.LoadAll(BundledContent.Models);

        Console.WriteLine();
        Console.WriteLine($"Scoring: {threads} ONNX Runtime threads; baseline on the first {baselineExamples} examples of each task");
        Console.WriteLine($"{"model",-17} {"task",-18} {"graph",-6} {"examples",8} {"tokens",9} {"seconds",8} {"tokens/s",9} {"examples/s",10} {"baseline ex/s",13} {"speed-up",8} {"max |Δ logp|",12}");

        var optimisedFactory = new OnnxModelScorerFactory(threads);
        var naiveFactory = new OnnxModelScorerFactory(threads, new OnnxScorerOptions { UseKvCache = false, MaxBatchExamples = 1, HeadAtScoredRowsOnly = false });
        foreach (var model in models)
        {
            using var scorer = optimisedFactory.Open(model);
            using var naive = naiveFactory.Open(model);
            foreach (var task in datasets)
            {
                var full = await MeasureAsync(scorer, task.Type, task.Examples);
                var subset = task.Examples.Take(baselineExamples).ToList();
                var optimisedSubset = await MeasureAsync(scorer, task.Type, subset);
                var baseline = await MeasureNaiveAsync(naive, task.Type, subset);
                var maxDifference = optimisedSubset.Results
                    .Zip(baseline.Results)
                    .SelectMany(p => p.First.ClassLogprobs.Zip(p.Second.ClassLogprobs, (a, b) => Math.Abs(a - b)))
                    .Max();
                var speedUp = baseline.Seconds / optimisedSubset.Seconds;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{model.Name,-17} {task.Name,-18} {(scorer.UsesKvCache ? "KV" : "plain"),-6} {task.Examples.Count,8} {full.Tokens,9} {full.Seconds,8:F2} {full.Tokens / full.Seconds,9:F0} {task.Examples.Count / full.Seconds,10:F1} {subset.Count / baseline.Seconds,13:F1} {speedUp,7:F1}x {maxDifference,12:E1}"));
            }
        }
    }

    private static async Task<Measurement> MeasureAsync(IModelScorer scorer, TaskType type, IReadOnlyList<TaskExample> examples)
    {
        ScoringProgress? last = null;
        var progress = new Reporter(p => last = p);
        var stopwatch = Stopwatch.StartNew();
        var results = new List<ExampleResult>();
        await foreach (var batch in scorer.ScoreAsync(type, examples, progress))
        {
            results.AddRange(batch);
        }

        return new Measurement([.. results.OrderBy(r => r.Index)], last?.TokensDone ?? 0, stopwatch.Elapsed.TotalSeconds);
    }

    // The reference pipelines' cost: every (prompt + class) string is its own forward pass.
    private static async Task<Measurement> MeasureNaiveAsync(IModelScorer scorer, TaskType type, IReadOnlyList<TaskExample> examples)
    {
        var stopwatch = Stopwatch.StartNew();
        long tokens = 0;
        var results = new List<ExampleResult>();
        foreach (var example in examples)
        {
            var classes = type == TaskType.SequenceProb ? [example.Completion!] : example.Classes;
            var logprobs = new List<double>();
            foreach (var cls in classes)
            {
                var single = type == TaskType.SequenceProb ? example : example with { Classes = [cls], AnswerIndex = 0 };
                var measured = await MeasureAsync(scorer, type, [single]);
                tokens += measured.Tokens;
                logprobs.Add(measured.Results[0].ClassLogprobs[0]);
            }

            results.Add(new ExampleResult { Index = example.Index, Loss = 0, ClassLogprobs = logprobs });
        }

        return new Measurement(results, tokens, stopwatch.Elapsed.TotalSeconds);
    }

    private sealed record Measurement(List<ExampleResult> Results, long Tokens, double Seconds);

    /// <summary>Synchronous progress: the benchmark reads the last report right after the enumeration ends.</summary>
    private sealed class Reporter(Action<ScoringProgress> report) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => report(value);
    }
}
