using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Models.Onnx;
using InverseScaling.Engine.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Benchmarks;

/// <summary>
/// The minimal work of scoring a task, as raw <c>session.Run</c> batches: per example one row holding the prompt once,
/// then each distinct class's inputs (the fewest tokens any scorer must run through the trunk), with the positions
/// whose logits the scores need (the prompt's last, and each class input's: they predict the class's next token).
/// </summary>
internal sealed class FloorRows
{
    private readonly List<List<(int[] Ids, int[] Scored)>> _batches;

    private FloorRows(List<List<(int[] Ids, int[] Scored)>> batches)
    {
        _batches = batches;
        Tokens = batches.Sum(b => b.Sum(r => (long)r.Ids.Length));
        HeadRows = batches.Sum(b => b.Sum(r => (long)r.Scored.Length));
    }

    public long Tokens { get; }

    /// <summary>Positions at which the LM head must run.</summary>
    public long HeadRows { get; }

    public static FloorRows Of(OnnxModelScorer scorer, TaskDataset task)
    {
        var context = scorer.Model.Manifest.MaxContext;
        var rows = new List<(int[] Ids, int[] Scored)>();
        foreach (var tokens in task.Examples
            .Select(e => ExampleTokens.TryCreate(e, task.Type, scorer.Tokenizer, scorer.Model.Manifest.AddBos, context, out _))
            .OfType<ExampleTokens>())
        {
            var ids = new List<int>(tokens.Prompt);
            var scored = new List<int> { tokens.Prompt.Length - 1 };
            foreach (var inputs in tokens.Continuations.Select(c => c.Inputs.ToArray()).Where(i => i.Length > 0).DistinctBy(i => string.Join(',', i)))
            {
                scored.AddRange(Enumerable.Range(ids.Count, inputs.Length));
                ids.AddRange(inputs);
            }

            // A row past the context is cut like the scorer's own: the token count stays a lower bound.
            rows.Add(([.. ids.Take(context)], [.. scored.Where(p => p < context)]));
        }

        // Cut as the scorer cuts its own (same limits, same planner), but with no small first batch: the floor has no screen to fill.
        var options = new OnnxScorerOptions();
        var limits = new BatchPlanner.Limits(options.MaxBatchTokens, options.MaxBatchExamples, options.MaxBatchExamples, context, options.BatchOverheadTokens);
        var sorted = rows.OrderByDescending(r => r.Ids.Length).Select(r => (r, new BatchPlanner.Item(1, r.Ids.Length, 0))).ToList();
        return new FloorRows([.. BatchPlanner.Cut(sorted, limits)]);
    }

    /// <summary>
    /// Wall seconds inside <c>session.Run</c> over all batches, and the process's CPU seconds over the whole loop; with
    /// <paramref name="withHead"/> the head runs at the scored positions.
    /// </summary>
    public Seconds Time(OnnxModelScorer scorer, bool withHead)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var layout = scorer.Layout;
        using var runOptions = new RunOptions();
        var watch = new Stopwatch();
        foreach (var batch in _batches)
        {
            var (count, width) = (batch.Count, batch[0].Ids.Length);
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
                for (var j = 0; j < batch[r].Ids.Length; j++)
                {
                    (ids[(r * width) + j], mask[(r * width) + j], positions[(r * width) + j]) = (batch[r].Ids[j], 1, j);
                }
            }

            Add(GraphLayout.InputIds, OrtValue.CreateTensorValueFromMemory(ids, [count, width]));
            Add(GraphLayout.AttentionMask, OrtValue.CreateTensorValueFromMemory(mask, [count, width]));
            Add(GraphLayout.PositionIds, OrtValue.CreateTensorValueFromMemory(positions, [count, width]));
            if (layout.HasScoredRows)
            {
                long[] scored = withHead ? [.. batch.SelectMany((row, r) => row.Scored.Select(p => ((long)r * width) + p))] : [];
                Add(ScoredRowsGraph.Input, OrtValue.CreateTensorValueFromMemory(scored, [scored.Length]));
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

        return new Seconds(watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}

/// <summary>
/// Wall-clock and CPU seconds of one run. On a shared, oversubscribed machine the wall time swings with the load; the
/// CPU time the process used swings far less, so both are reported.
/// </summary>
internal readonly record struct Seconds(double Wall, double Cpu)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall:F2} s ({Cpu:F2} s CPU)");
}
