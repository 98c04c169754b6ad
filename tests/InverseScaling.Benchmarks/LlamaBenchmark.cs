using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Benchmarks;

/// <summary>
/// The engine on random-weight LLaMA graphs of real shape (<see cref="LlamaGraph"/>) against floors measured in the
/// same process on the same scored-rows session (same threads), over each example's minimal tokens: the prompt once,
/// then every distinct class's inputs, in one row, in length-sorted right-padded batches cut by the scorer's own
/// <see cref="BatchPlanner"/> and limits (one raw <c>session.Run</c> per row was measured slower, 91 s against 50 s on
/// S15 memo-trap, and greedy batches of 32 rows slower too, 2.06 s against 1.70 s on S15 NeQA, so neither is the floor). Floors run every prompt whole; the engine runs a prefix that prompts share
/// (a task's template) once, so its tokens can be fewer than the minimal count and its time below the floor's.
/// "trunk" runs no LM head at all (the issue's floor); "+head" also applies
/// the head at exactly the rows the scores need (the prompt's last position and each class input; work no scorer can
/// skip). The ratio is floor / engine. Engine and floor runs alternate (each repeat: the engine on every task, then
/// the floors), so load on this shared machine hits both alike; each figure is the median of <c>repeat</c> runs, with
/// the range, after one cold engine run per task that is not in them (the JIT and the session's first allocations,
/// which the floors never pay), and whose time to the first result is the one shown. The peak working set is the
/// process's over opening the model and that cold run of every task. The last column is the largest per-class
/// log-prob difference from a plain one-forward-per-row computation with full logits, on the first examples.
/// </summary>
internal static class LlamaBenchmark
{
    public static async Task RunAsync(IReadOnlyList<LlamaGraph> graphs, IReadOnlyList<string> taskNames, int threads, int repeat, int checkExamples, bool fullLogits)
    {
        var tasks = taskNames
            .Select(n => TaskFileReader.Read(Path.Combine(BundledContent.Datasets, $"{n}_classification.jsonl")))
            .ToList();
        Console.WriteLine();
        Console.WriteLine($"LLaMA shapes (random weights): {threads} ONNX Runtime threads, median of {repeat} (range) with engine and floors alternating; Δ on the first {checkExamples} examples");
        var paths = graphs.ToDictionary(g => g, g =>
        {
            var watch = Stopwatch.StartNew();
            var path = g.Ensure();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Name}: {path} ({new FileInfo(path).Length / 1e6:F0} MB, {g.Parameters / 1e6:F2} M parameters; ready in {watch.Elapsed.TotalSeconds:F1} s)"));
            return path;
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"model",-5} {"task",-10} {"head",-11} {"examples",8} {"tokens",7} {"minimal",7} {"head rows",9} {"open s",6} {"first s",7} {"engine s",-19} {"trunk floor s",-19} {"ratio",6} {"cpu",5} {"+head floor s",-19} {"ratio",6} {"cpu",5} {"peak WS",8} {"load",9} {"max |Δ logp|",12}"));
        if (graphs.Count > 1)
        {
            Console.WriteLine("  (peak WS: a later model's includes what the earlier ones left in this process; --models one at a time gives each its own)");
        }

        foreach (var graph in graphs)
        {
            var model = Descriptor(graph, paths[graph]);
            var tokenizer = new WordPieceHashTokenizer();
            foreach (var scoredRowsOnly in fullLogits ? new[] { true, false } : [true])
            {
                PeakMemory.Reset();
                var open = Stopwatch.StartNew();
                var factory = new OnnxModelScorerFactory(threads, new OnnxScorerOptions { HeadAtScoredRowsOnly = scoredRowsOnly });
                using var scorer = factory.Open(model, tokenizer);
                var openSeconds = open.Elapsed.TotalSeconds;
                var lines = tasks.Select(task => new Line(task, FloorRows.Of(scorer, task), [], [], [], [])).ToList();
                // One cold run per task first, not in the medians: it pays the JIT and the session's first allocations,
                // which the floors, run after it on the same session, never see. Its time to the first result is the
                // start a user sees, so that is the one reported.
                foreach (var line in lines)
                {
                    line.Cold = await MeasureAsync(scorer, line.Task);
                }

                // The floors share the session, and its arena keeps what their full-width batches took: the peak a user
                // sees (open, then score every task) is read before the first floor runs.
                var peak = PeakMemory.Read();
                for (var r = 0; r < repeat; r++)
                {
                    foreach (var line in lines)
                    {
                        line.Load.Add(LoadAverage());
                        line.Engine.Add(await MeasureAsync(scorer, line.Task));
                    }

                    foreach (var line in lines)
                    {
                        if (scoredRowsOnly)
                        {
                            line.Trunk.Add(line.Floor.Time(scorer, withHead: false));
                            line.WithHead.Add(line.Floor.Time(scorer, withHead: true));
                        }

                        // Each run as it ends: the spread behind the medians, and a sign of life on a slow machine.
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {graph.Name} {line.Task.Name} run {r + 1}: engine {line.Engine[^1].Time}, trunk floor {line.Trunk.LastOrDefault()}, +head floor {line.WithHead.LastOrDefault()}, load {line.Load[^1]:F1}"));
                    }
                }

                foreach (var line in lines)
                {
                    line.Load.Add(LoadAverage());
                }

                foreach (var line in lines)
                {
                    var engine = line.Engine.Select(m => m.Time).ToList();
                    var delta = scoredRowsOnly ? await MaxDifferenceAsync(model, tokenizer, threads, line.Task, line.Engine[0].Results, checkExamples) : double.NaN;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{graph.Name,-5} {line.Task.Name,-10} {(scoredRowsOnly ? "scored rows" : "all rows"),-11} {line.Task.Examples.Count,8} {line.Engine[0].Tokens,7} {line.Floor.Tokens,7} {line.Floor.HeadRows,9} {openSeconds,6:F2} {line.Cold!.FirstSeconds,7:F2} "
                        + $"{Spread(engine),-19} {Spread(line.Trunk),-19} {Ratio(line.Trunk, engine, s => s.Wall),6} {Ratio(line.Trunk, engine, s => s.Cpu),5} "
                        + $"{Spread(line.WithHead),-19} {Ratio(line.WithHead, engine, s => s.Wall),6} {Ratio(line.WithHead, engine, s => s.Cpu),5} "
                        + $"{peak / (1024.0 * 1024.0),5:F0} MiB {line.Load.Min(),4:F1}–{line.Load.Max(),-4:F1} {delta,12:E1}"));
                }
            }
        }
    }

    /// <summary>"median (min–max)" of the runs' wall seconds.</summary>
    private static string Spread(List<Seconds> runs) =>
        runs.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median(runs.Select(r => r.Wall)):F2} ({runs.Min(r => r.Wall):F2}–{runs.Max(r => r.Wall):F2})");

    /// <summary>Median floor / median engine, of wall or CPU seconds.</summary>
    private static string Ratio(List<Seconds> floor, List<Seconds> engine, Func<Seconds, double> of) =>
        floor.Count == 0 ? "–" : (Median(floor.Select(of)) / Median(engine.Select(of))).ToString("P0", CultureInfo.InvariantCulture);

    /// <summary>The machine's one-minute load average (this box is shared: the figure says how far to trust a row).</summary>
    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

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
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        double? first = null;
        var results = new List<ExampleResult>();
        await foreach (var batch in scorer.ScoreAsync(task.Type, task.Examples, new Reporter(p => last = p)))
        {
            first ??= watch.Elapsed.TotalSeconds;
            results.AddRange(batch);
        }

        var time = new Seconds(watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return new Measurement([.. results.OrderBy(r => r.Index)], last?.TokensDone ?? 0, time, first ?? 0);
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

    private sealed record Measurement(List<ExampleResult> Results, long Tokens, Seconds Time, double FirstSeconds);

    private sealed record Line(TaskDataset Task, FloorRows Floor, List<Measurement> Engine, List<Seconds> Trunk, List<Seconds> WithHead, List<double> Load)
    {
        /// <summary>The first engine run, on a session nothing has run on yet.</summary>
        public Measurement? Cold { get; set; }
    }

    private sealed class Reporter(Action<ScoringProgress> report) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value) => report(value);
    }
}
