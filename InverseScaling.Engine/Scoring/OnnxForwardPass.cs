using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Models.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// One forward pass over right-padded rows, feeding whatever inputs the graph's <see cref="GraphLayout"/> asks for:
/// ids as Int64 or Int32, an attention mask over past + new positions, explicit position ids, and past keys/values
/// (empty, or gathered from an earlier pass). A graph with <see cref="GraphLayout.HasScoredRows"/> returns logits only
/// at the (row, position) pairs asked for.
/// </summary>
internal sealed class OnnxForwardPass : IDisposable
{
    /// <summary>Per thread, room for one row of shifted logits (batches are scored on pool threads, one pass at a time each).</summary>
    [ThreadStatic]
    private static float[]? _scratch;

    /// <summary>Per thread, the same row widened to double for the sum.</summary>
    [ThreadStatic]
    private static double[]? _wide;

    private readonly IDisposableReadOnlyCollection<OrtValue> _outputs;
    private readonly int _sequence;
    private readonly int _vocabulary;

    /// <summary>The attention mask of this pass (past + new positions, per row): the past mask of a pass continuing from it.</summary>
    private readonly long[] _mask;

    /// <summary>Per row, the position id of its first new token in this pass.</summary>
    private readonly int[] _startPositions;

    /// <summary>Per row, the position id the next token would get.</summary>
    private readonly int[] _nextPositions;

    /// <summary>Log-sum-exp per logits row already read: the classes of one prompt share its last position.</summary>
    private readonly Dictionary<long, double> _logSumExp = [];

    /// <summary>For a scored-rows graph, the logits row of each (row × width + position) asked for; null when every position has logits.</summary>
    private readonly Dictionary<int, int>? _scoredIndex;

    private readonly int _width;

    private OnnxForwardPass(
        IDisposableReadOnlyCollection<OrtValue> outputs, GraphLayout layout, long[] mask, int[] startPositions, int[] nextPositions, int width, Dictionary<int, int>? scoredIndex)
    {
        _outputs = outputs;
        Layout = layout;
        _mask = mask;
        _startPositions = startPositions;
        _nextPositions = nextPositions;
        _width = width;
        _scoredIndex = scoredIndex;
        // [batch, sequence, vocabulary], or a scored-rows graph's [rows, vocabulary] (read through the scored index).
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        _sequence = shape.Length == 3 ? (int)shape[1] : 0;
        _vocabulary = (int)shape[^1];
    }

    public GraphLayout Layout { get; }

    public int Vocabulary => _vocabulary;

    /// <summary>
    /// Runs <c>rows</c> (token ids per row, unpadded), continuing from <c>past</c> (one entry per row) or from
    /// position 0 when it is null; <c>keepCache</c> also fetches the <c>present.*</c> outputs for a later pass.
    /// <c>scored</c> names the (row, position) pairs whose log-probs will be read; null means every real position.
    /// Only a scored-rows graph uses it, to skip the LM head elsewhere.
    /// </summary>
    public static OnnxForwardPass Run(
        InferenceSession session,
        GraphLayout layout,
        IReadOnlyList<int[]> rows,
        PastCache? past,
        bool keepCache,
        RunOptions runOptions,
        IEnumerable<(int Row, int Position)>? scored = null)
    {
        var batch = rows.Count;
        var width = Math.Max(1, rows.Max(r => r.Length));
        var pastWidth = past?.Width ?? 0;
        var startPositions = past?.NextPositions ?? new int[batch];
        var nextPositions = new int[batch];

        var names = new List<string>();
        var values = new List<OrtValue>();
        var disposable = new List<OrtValue>();
        try
        {
            var ids = new long[batch * width];
            var mask = new long[batch * (pastWidth + width)];
            var positions = new long[batch * width];
            for (var r = 0; r < batch; r++)
            {
                for (var j = 0; j < width; j++)
                {
                    // Padding repeats id 0 and position 0 (both valid); padded positions are never read and, masked and at
                    // the right, never attended to. Counting positions on past a short row's end would run off the end of
                    // the graph's position table when the row sits near the context limit beside a longer one.
                    var real = j < rows[r].Length;
                    ids[r * width + j] = real ? rows[r][j] : 0;
                    positions[r * width + j] = real ? startPositions[r] + j : 0;
                    mask[r * (pastWidth + width) + pastWidth + j] = real ? 1 : 0;
                }

                past?.Mask.AsSpan(r * pastWidth, pastWidth).CopyTo(mask.AsSpan(r * (pastWidth + width)));
                nextPositions[r] = startPositions[r] + rows[r].Length;
            }

            Add(GraphLayout.InputIds, Integers(ids, layout.IdsType, [batch, width]));
            if (layout.AttentionMaskType is { } maskType)
            {
                Add(GraphLayout.AttentionMask, Integers(mask, maskType, [batch, pastWidth + width]));
            }

            if (layout.PositionIdsType is { } positionType)
            {
                Add(GraphLayout.PositionIds, Integers(positions, positionType, [batch, width]));
            }

            Dictionary<int, int>? scoredIndex = null;
            if (layout.HasScoredRows)
            {
                scored ??= rows.SelectMany((row, r) => Enumerable.Range(0, row.Length).Select(j => (r, j)));
                var flat = scored.Select(s => s.Row * width + s.Position).Distinct().ToArray();
                scoredIndex = flat.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i);
                Add(ScoredRowsGraph.Input, OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(flat, f => (long)f), [flat.Length]));
            }

            foreach (var tensor in layout.KvTensors)
            {
                // A shared cache still belongs to the pass that returned it.
                Add(tensor.Past, past?.Take(tensor.Past) ?? EmptyCache(layout, batch), owned: past is not { Shared: true });
            }

            var outputNames = new List<string> { GraphLayout.Logits };
            if (keepCache)
            {
                outputNames.AddRange(layout.KvTensors.Select(t => t.Present));
            }

            var outputs = session.Run(runOptions, names, values, outputNames);
            return new OnnxForwardPass(outputs, layout, mask, startPositions, nextPositions, width, scoredIndex);
        }
        finally
        {
            foreach (var value in disposable)
            {
                value.Dispose();
            }
        }

        void Add(string name, OrtValue value, bool owned = true)
        {
            names.Add(name);
            values.Add(value);
            if (owned)
            {
                disposable.Add(value);
            }
        }
    }

    /// <summary>log p(<paramref name="token"/> | row's tokens up to <paramref name="position"/>), a log-softmax at that position.</summary>
    public double LogProb(int row, int position, int token)
    {
        var offset = (_scoredIndex is null ? (long)row * _sequence + position : _scoredIndex[row * _width + position]) * (long)_vocabulary;
        var logits = _outputs[0];
        if (Layout.LogitsType == TensorElementType.Float16)
        {
            var raw = MemoryMarshal.Cast<Float16, ushort>(logits.GetTensorDataAsSpan<Float16>()).Slice((int)offset, _vocabulary);
            var widened = new float[_vocabulary];
            for (var i = 0; i < widened.Length; i++)
            {
                widened[i] = (float)BitConverter.UInt16BitsToHalf(raw[i]);
            }

            return widened[token] - LogSumExp(offset, widened);
        }

        var span = logits.GetTensorDataAsSpan<float>().Slice((int)offset, _vocabulary);
        return span[token] - LogSumExp(offset, span);
    }

    /// <summary>
    /// The KV cache of this pass's rows <paramref name="sourceRows"/>, one output row each, to continue from; with
    /// <paramref name="visible"/>, only that many of each row's new positions stay attended to (the rest are masked
    /// out, and the next token's position follows the visible ones).
    /// </summary>
    public PastCache GatherCache(IReadOnlyList<int> sourceRows, IReadOnlyList<int>? visible = null)
    {
        var tensors = new Dictionary<string, OrtValue>();
        try
        {
            for (var t = 0; t < Layout.KvTensors.Count; t++)
            {
                tensors[Layout.KvTensors[t].Past] = GatherRows(_outputs[1 + t], sourceRows);
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return CacheOver(tensors, sourceRows, visible, shared: false);
    }

    /// <summary>
    /// This pass's own KV cache, every row in place, to continue from without a copy (as <see cref="GatherCache"/>
    /// with every row); the tensors stay this pass's, so it must outlive the passes that read them.
    /// </summary>
    public PastCache ShareCache(IReadOnlyList<int> visible) =>
        CacheOver(
            Layout.KvTensors.Select((tensor, t) => (tensor.Past, Value: _outputs[1 + t])).ToDictionary(p => p.Past, p => p.Value),
            [.. Enumerable.Range(0, _nextPositions.Length)],
            visible,
            shared: true);

    private PastCache CacheOver(Dictionary<string, OrtValue> tensors, IReadOnlyList<int> sourceRows, IReadOnlyList<int>? visible, bool shared)
    {
        var width = _mask.Length / _nextPositions.Length;
        var mask = new long[sourceRows.Count * width];
        var next = new int[sourceRows.Count];
        var pastWidth = width - _width;
        for (var r = 0; r < sourceRows.Count; r++)
        {
            var target = mask.AsSpan(r * width, width);
            _mask.AsSpan(sourceRows[r] * width, width).CopyTo(target);
            next[r] = _nextPositions[sourceRows[r]];
            if (visible is not null)
            {
                target[(pastWidth + visible[r])..].Clear();
                next[r] = _startPositions[sourceRows[r]] + visible[r];
            }
        }

        return new PastCache(tensors, mask, next, width) { Shared = shared };
    }

    public void Dispose() => _outputs.Dispose();

    private OrtValue GatherRows(OrtValue present, IReadOnlyList<int> sourceRows)
    {
        var info = present.GetTensorTypeAndShape();
        var shape = info.Shape.ToArray();
        var source = present.GetTensorMutableRawData();
        // GPT-2's stacked cache has the batch on axis 1: its key and value blocks are gathered one after the other.
        var axis = Layout.KvBatchAxis;
        var blocks = (int)shape[..axis].Aggregate(1L, (product, d) => product * d);
        var batch = (int)shape[axis];
        var rowBytes = source.Length / (blocks * batch);
        shape[axis] = sourceRows.Count;
        var gathered = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, shape);
        var target = gathered.GetTensorMutableRawData();
        for (var b = 0; b < blocks; b++)
        {
            for (var r = 0; r < sourceRows.Count; r++)
            {
                source.Slice((b * batch + sourceRows[r]) * rowBytes, rowBytes).CopyTo(target.Slice((b * sourceRows.Count + r) * rowBytes, rowBytes));
            }
        }

        return gathered;
    }

    /// <summary>
    /// Vectorised (a scalar double loop over a 32k vocabulary cost as much as a small model's forward pass): the
    /// exponentials in float, each within an ulp or two and all in (0, 1] with the max subtracted, summed in double, so
    /// the result does not drift with the row's place in memory (a float sum's rounding depends on its alignment) and
    /// a class's summed log-prob stays within 1e-6 of a hand computation.
    /// </summary>
    private double LogSumExp(long row, ReadOnlySpan<float> logits)
    {
        if (_logSumExp.TryGetValue(row, out var known))
        {
            return known;
        }

        var max = TensorPrimitives.Max(logits);
        if (_scratch is null || _wide is null || _scratch.Length < logits.Length)
        {
            _scratch = new float[logits.Length];
            _wide = new double[logits.Length];
        }

        var span = _scratch.AsSpan(0, logits.Length);
        var wide = _wide.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, max, span);
        TensorPrimitives.Exp(span, span);
        TensorPrimitives.ConvertTruncating<float, double>(span, wide);
        return _logSumExp[row] = max + Math.Log(TensorPrimitives.Sum<double>(wide));
    }

    private static OrtValue Integers(long[] values, TensorElementType type, long[] shape) =>
        type == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (int)v), shape)
            : OrtValue.CreateTensorValueFromMemory(values, shape);

    private static OrtValue EmptyCache(GraphLayout layout, int batch) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, layout.KvType, layout.EmptyCacheShape(batch));
}

/// <summary>
/// Past keys/values for a continuation pass, with the attention mask over them (0 at padding, which may sit between a
/// short prompt and its class tokens) and each row's next position id.
/// </summary>
internal sealed class PastCache(Dictionary<string, OrtValue> tensors, long[] mask, int[] nextPositions, int width) : IDisposable
{
    /// <summary>Row-major [rows, <see cref="Width"/>].</summary>
    public long[] Mask { get; } = mask;

    public int[] NextPositions { get; } = nextPositions;

    public int Width { get; } = width;

    /// <summary>The tensors belong to the pass that returned them (<see cref="OnnxForwardPass.ShareCache"/>): neither this nor a pass reading them disposes them.</summary>
    public bool Shared { get; init; }

    /// <summary>One row of <paramref name="width"/> zero keys/values, all attended to: a full past to probe the graph's limits with.</summary>
    public static PastCache Zeros(GraphLayout layout, int width)
    {
        var tensors = new Dictionary<string, OrtValue>();
        // One row whose past axis (two after the batch axis, whatever the layout stacks before it) holds width positions.
        var shape = layout.EmptyCacheShape(1);
        shape[layout.KvBatchAxis + 2] = width;
        foreach (var name in layout.KvTensors.Select(t => t.Past))
        {
            var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, layout.KvType, shape);
            value.GetTensorMutableRawData().Clear();
            tensors[name] = value;
        }

        return new PastCache(tensors, [.. Enumerable.Repeat(1L, width)], [width], width);
    }

    /// <summary>The tensor for one past input; ownership passes to the caller.</summary>
    public OrtValue Take(string name)
    {
        var value = tensors[name];
        tensors.Remove(name);
        return value;
    }

    public void Dispose()
    {
        if (Shared)
        {
            return;
        }

        foreach (var value in tensors.Values)
        {
            value.Dispose();
        }
    }
}
