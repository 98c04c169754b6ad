using System.Runtime.InteropServices;
using InverseScaling.Engine.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// One forward pass over right-padded rows, feeding whatever inputs the graph's <see cref="GraphLayout"/> asks for:
/// ids as Int64 or Int32, an attention mask over past + new positions, explicit position ids, and past keys/values
/// (empty, or gathered from an earlier pass).
/// </summary>
internal sealed class OnnxForwardPass : IDisposable
{
    private readonly IDisposableReadOnlyCollection<OrtValue> _outputs;
    private readonly int _sequence;
    private readonly int _vocabulary;

    /// <summary>The attention mask of this pass (past + new positions, per row): the past mask of a pass continuing from it.</summary>
    private readonly long[] _mask;

    /// <summary>Per row, the position id the next token would get.</summary>
    private readonly int[] _nextPositions;

    private OnnxForwardPass(IDisposableReadOnlyCollection<OrtValue> outputs, GraphLayout layout, long[] mask, int[] nextPositions)
    {
        _outputs = outputs;
        Layout = layout;
        _mask = mask;
        _nextPositions = nextPositions;
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        _sequence = (int)shape[1];
        _vocabulary = (int)shape[2];
    }

    public GraphLayout Layout { get; }

    public int Vocabulary => _vocabulary;

    /// <summary>
    /// Runs <c>rows</c> (token ids per row, unpadded), continuing from <c>past</c> (one entry per row) or from
    /// position 0 when it is null; <c>keepCache</c> also fetches the <c>present.*</c> outputs for a later pass.
    /// </summary>
    public static OnnxForwardPass Run(
        InferenceSession session, GraphLayout layout, IReadOnlyList<int[]> rows, PastCache? past, bool keepCache, RunOptions runOptions)
    {
        var batch = rows.Count;
        var width = Math.Max(1, rows.Max(r => r.Length));
        var pastWidth = past?.Width ?? 0;
        var startPositions = past?.NextPositions ?? new int[batch];
        var nextPositions = new int[batch];

        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            var ids = new long[batch * width];
            var mask = new long[batch * (pastWidth + width)];
            var positions = new long[batch * width];
            for (var r = 0; r < batch; r++)
            {
                for (var j = 0; j < width; j++)
                {
                    // Padding repeats id 0 (a valid id); padded positions are never read and, being at the right, never attended to.
                    ids[r * width + j] = j < rows[r].Length ? rows[r][j] : 0;
                    positions[r * width + j] = startPositions[r] + j;
                    mask[r * (pastWidth + width) + pastWidth + j] = j < rows[r].Length ? 1 : 0;
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

            foreach (var tensor in layout.KvTensors)
            {
                Add(tensor.Past, past?.Take(tensor.Past) ?? EmptyCache(layout, batch));
            }

            var outputNames = new List<string> { GraphLayout.Logits };
            if (keepCache)
            {
                outputNames.AddRange(layout.KvTensors.Select(t => t.Present));
            }

            var outputs = session.Run(runOptions, names, values, outputNames);
            return new OnnxForwardPass(outputs, layout, mask, nextPositions);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }

        void Add(string name, OrtValue value)
        {
            names.Add(name);
            values.Add(value);
        }
    }

    /// <summary>log p(<paramref name="token"/> | row's tokens up to <paramref name="position"/>), a log-softmax in double.</summary>
    public double LogProb(int row, int position, int token)
    {
        var offset = ((long)row * _sequence + position) * _vocabulary;
        var logits = _outputs[0];
        if (Layout.LogitsType == TensorElementType.Float16)
        {
            var raw = MemoryMarshal.Cast<Float16, ushort>(logits.GetTensorDataAsSpan<Float16>()).Slice((int)offset, _vocabulary);
            var widened = new float[_vocabulary];
            for (var i = 0; i < widened.Length; i++)
            {
                widened[i] = (float)BitConverter.UInt16BitsToHalf(raw[i]);
            }

            return LogSoftmaxAt(widened, token);
        }

        return LogSoftmaxAt(logits.GetTensorDataAsSpan<float>().Slice((int)offset, _vocabulary), token);
    }

    /// <summary>The KV cache of this pass's rows <paramref name="sourceRows"/>, one output row each, to continue from.</summary>
    public PastCache GatherCache(IReadOnlyList<int> sourceRows)
    {
        var width = _mask.Length / _nextPositions.Length;
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

        var mask = new long[sourceRows.Count * width];
        for (var r = 0; r < sourceRows.Count; r++)
        {
            _mask.AsSpan(sourceRows[r] * width, width).CopyTo(mask.AsSpan(r * width));
        }

        return new PastCache(tensors, mask, [.. sourceRows.Select(r => _nextPositions[r])], width);
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

    private static double LogSoftmaxAt(ReadOnlySpan<float> logits, int token)
    {
        double max = double.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }

        var sum = 0.0;
        foreach (var x in logits)
        {
            sum += Math.Exp(x - max);
        }

        return logits[token] - max - Math.Log(sum);
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

    /// <summary>The tensor for one past input; ownership passes to the caller.</summary>
    public OrtValue Take(string name)
    {
        var value = tensors[name];
        tensors.Remove(name);
        return value;
    }

    public void Dispose()
    {
        foreach (var value in tensors.Values)
        {
            value.Dispose();
        }
    }
}
