using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Benchmarks;

/// <summary>
/// The engine on random-weight LLaMA graphs of real shape (<see cref="LlamaGraph"/>) against a floor measured in the
/// same process on the same scored-rows session with no LM head, over each example's minimal tokens (the prompt once,
/// then every distinct class's inputs, in one row): the faster of one raw <c>session.Run</c> per row and length-sorted,
/// right-padded batches of those rows (at most 32 rows and 2,048 padded tokens, the scorer's own limits). The ratio
/// floor / engine is the share of the trunk's own speed the scorer keeps; the last column is the largest per-class log-prob difference from a plain
/// one-forward-per-row computation with full logits, on the first examples.
/// </summary>
internal static class LlamaBenchmark
{
    public static async Task RunAsync(IReadOnlyList<LlamaGraph> graphs, IReadOnlyList<string> taskNames, int threads, int repeat, int checkExamples, bool fullLogits)
    {
        var tasks = taskNames
            .Select(n => TaskFileReader.Read(Path.Combine(BundledContent.Datasets, $"{n}_classification.jsonl")))
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"LLaMA shapes (random weights): {threads} ONNX Runtime threads, median of {repeat}; Δ on the first {checkExamples} examples");
        var paths = graphs.ToDictionary(g => g, g =>
        {
            var watch = Stopwatch.StartNew();
            var path = g.Ensure();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Name}: {path} ({new FileInfo(path).Length / 1e6:F0} MB, {g.Parameters / 1e6:F2} M parameters; ready in {watch.Elapsed.TotalSeconds:F1} s)"));
            return path;
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"model",-5} {"task",-10} {"head",-11} {"examples",8} {"tokens",7} {"minimal",7} {"open s",6} {"first s",7} {"engine s",8} {"floor s",7} {"ratio",6} {"peak WS",8} {"max |Δ logp|",12}"));
        foreach (var graph in graphs)
        {
            var model = Descriptor(graph, paths[graph]);
            var tokenizer = new WordPieceHashTokenizer();
            var floors = new Dictionary<TaskDataset, (double Seconds, long Tokens)>();
            foreach (var scoredRowsOnly in fullLogits ? new[] { true, false } : [true])
            {
                PeakMemory.Reset();
                var open = Stopwatch.StartNew();
                var factory = new OnnxModelScorerFactory(threads, new OnnxScorerOptions { HeadAtScoredRowsOnly = scoredRowsOnly });
                using var scorer = factory.Open(model, tokenizer);
                var openSeconds = open.Elapsed.TotalSeconds;
                var lines = new List<(TaskDataset Task, List<Measurement> Runs)>();
                foreach (var task in tasks)
                {
                    var runs = new List<Measurement>();
                    var floorRuns = new List<double>();
                    for (var r = 0; r < repeat; r++)
                    {
                        runs.Add(await MeasureAsync(scorer, task));
                        if (scoredRowsOnly)
                        {
                            floorRuns.Add(Floor(scorer, task, out _));
                        }
                    }

                    if (scoredRowsOnly)
                    {
                        Floor(scorer, task, out var tokens);
                        floors[task] = (Median(floorRuns), tokens);
                    }

                    lines.Add((task, runs));
                }

                // One peak per model and head, read before the Δ check opens a second session of the same model.
                var peak = PeakMemory.Read();
                foreach (var (task, runs) in lines)
                {
                    var engine = Median(runs.Select(m => m.Seconds));
                    var (floor, minimal) = floors[task];
                    var delta = scoredRowsOnly ? await MaxDifferenceAsync(model, tokenizer, threads, task, runs[0].Results, checkExamples) : double.NaN;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{graph.Name,-5} {task.Name,-10} {(scoredRowsOnly ? "scored rows" : "all rows"),-11} {task.Examples.Count,8} {runs[0].Tokens,7} {minimal,7} {openSeconds,6:F2} {Median(runs.Select(m => m.FirstSeconds)),7:F2} {engine,8:F2} {floor,7:F2} {floor / engine,6:P0} {peak / (1024.0 * 1024.0),5:F0} MiB {delta,12:E1}"));
                }
            }
        }
    }

    private static ModelDescriptor Descriptor(LlamaGraph graph, string path) => new()
    {
        Manifest = new ModelManifest
        {
            Name = graph.Name,
            Family = "benchmark (random weights)",
            Parameters = graph.Parameters,
            Onnx = Path.GetFileName(path),
            Tokenizer = "(word-piece hash stand-in)",
            AddBos = true,
            MaxContext = graph.MaxContext,
        },
        Directory = Path.GetDirectoryName(path)!,
        ContentHash = $"benchmark-{graph.Name}-v1",
    };

    private static async Task<Measurement> MeasureAsync(OnnxModelScorer scorer, TaskDataset task)
    {
        ScoringProgress? last = null;
        var watch = Stopwatch.StartNew();
        double? first = null;
        var results = new List<ExampleResult>();
        await foreach (var batch in scorer.ScoreAsync(task.Type, task.Examples, new Reporter(p => last = p)))
        {
            first ??= watch.Elapsed.TotalSeconds;
            results.AddRange(batch);
        }

        return new Measurement([.. results.OrderBy(r => r.Index)], last?.TokensDone ?? 0, watch.Elapsed.TotalSeconds, first ?? 0);
    }

    /// <summary>Seconds of raw session.Run over each example's minimal row (prompt, then each distinct class's inputs), no logits.</summary>
    private static double Floor(OnnxModelScorer scorer, TaskDataset task, out long tokens)
    {
        var context = scorer.Model.Manifest.MaxContext;
        var rows = task.Examples
            .Select(e => ExampleTokens.TryCreate(e, task.Type, scorer.Tokenizer, scorer.Model.Manifest.AddBos, context, out _))
            .OfType<ExampleTokens>()
            .Select(t => t.Prompt.Concat(t.Continuations.Select(c => c.Inputs.ToArray()).DistinctBy(i => string.Join(',', i)).SelectMany(i => i)).Take(context).ToArray())
            .ToList();
        tokens = rows.Sum(r => (long)r.Length);
        var sorted = rows.OrderByDescending(r => r.Length).ToList();
        var batches = new List<List<int[]>>();
        foreach (var row in sorted)
        {
            if (batches.Count == 0 || batches[^1].Count >= 32 || (batches[^1].Count + 1) * batches[^1][0].Length > 2048)
            {
                batches.Add([]);
            }

            batches[^1].Add(row);
        }

        return Math.Min(Time(scorer, [.. rows.Select(r => new List<int[]> { r })]), Time(scorer, batches));
    }

    private static double Time(OnnxModelScorer scorer, List<List<int[]>> batches)
    {
        var layout = scorer.Layout;
        using var runOptions = new RunOptions();
        var watch = new Stopwatch();
        foreach (var batch in batches)
        {
            var (count, width) = (batch.Count, batch[0].Length);
            var names = new List<string>();
            var values = new List<OrtValue>();
            void Add(string name, OrtValue value)
            {
                names.Add(name);
                values.Add(value);
            }

            var ids = new long[count * width];
            var mask = new long[count * width];
            var positions = new long[count * width];
            for (var r = 0; r < count; r++)
            {
                for (var j = 0; j < batch[r].Length; j++)
                {
                    (ids[(r * width) + j], mask[(r * width) + j], positions[(r * width) + j]) = (batch[r][j], 1, j);
                }
            }

            Add(GraphLayout.InputIds, OrtValue.CreateTensorValueFromMemory(ids, [count, width]));
            Add(GraphLayout.AttentionMask, OrtValue.CreateTensorValueFromMemory(mask, [count, width]));
            Add(GraphLayout.PositionIds, OrtValue.CreateTensorValueFromMemory(positions, [count, width]));
            if (layout.HasScoredRows)
            {
                Add(Engine.Models.Onnx.ScoredRowsGraph.Input, OrtValue.CreateTensorValueFromMemory(Array.Empty<long>(), [0]));
            }

            foreach (var name in layout.KvTensors.Select(t => t.Past))
            {
                Add(name, OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, layout.KvType, layout.EmptyCacheShape(count)));
            }

            watch.Start();
            using (scorer.Session.Run(runOptions, names, values, [GraphLayout.Logits]))
            {
                watch.Stop();
            }

            values.ForEach(v => v.Dispose());
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Largest |Δ| between the engine's per-class log-probs and one full-logits forward pass per prompt+class row.</summary>
    private static async Task<double> MaxDifferenceAsync(
        ModelDescriptor model, WordPieceHashTokenizer tokenizer, int threads, TaskDataset task, List<ExampleResult> engine, int count)
    {
        var options = new OnnxScorerOptions { UseKvCache = false, MaxBatchExamples = 1, HeadAtScoredRowsOnly = false };
        using var naive = new OnnxModelScorerFactory(threads, options).Open(model, tokenizer);
        var subset = task.Examples.Take(count).ToList();
        var max = 0.0;
        foreach (var example in subset)
        {
            for (var c = 0; c < example.Classes.Count; c++)
            {
                var single = example with { Classes = [example.Classes[c]], AnswerIndex = 0 };
                await foreach (var batch in naive.ScoreAsync(task.Type, [single]))
                {
                    max = Math.Max(max, Math.Abs(batch[0].ClassLogprobs[0] - engine[example.Index].ClassLogprobs[c]));
                }
            }
        }

        return max;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Measurement(List<ExampleResult> Results, long Tokens, double Seconds, double FirstSeconds);

    private sealed class Reporter(Action<ScoringProgress> report) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => report(value);
    }
}
