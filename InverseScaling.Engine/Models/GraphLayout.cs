using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Models;

/// <summary>
/// What an ONNX causal LM expects, read from the session's input and output metadata: (a) a plain
/// <c>input_ids → logits</c> graph, (b) the Optimum / onnxruntime-genai KV layout with <c>attention_mask</c>,
/// optional <c>position_ids</c> and <c>past_key_values.N.key/value</c> → <c>present.N.key/value</c>
/// [batch, kv_heads, past, head_dim], or (c) GPT-2's stacked layout, <c>past_N</c> → <c>present_N</c>
/// [2 (key, value), batch, heads, past, head_dim]; ids Int64 or Int32, logits and cache fp32 or fp16.
/// </summary>
internal sealed record GraphLayout
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string Logits = "logits";

    /// <summary>Element type of <c>input_ids</c> (Int64 or Int32, as the graph declares).</summary>
    public required TensorElementType IdsType { get; init; }

    /// <summary>Element type of <c>attention_mask</c>, or null when the graph takes none.</summary>
    public TensorElementType? AttentionMaskType { get; init; }

    /// <summary>Element type of <c>position_ids</c>, or null when the graph takes none.</summary>
    public TensorElementType? PositionIdsType { get; init; }

    public required TensorElementType LogitsType { get; init; }

    /// <summary>Size of the logits' last axis, or null when the graph leaves it symbolic.</summary>
    public int? LogitsVocabulary { get; init; }

    /// <summary>The KV-cache inputs and the outputs that continue them, in feed order; empty for a plain graph.</summary>
    public IReadOnlyList<KvTensor> KvTensors { get; init; } = [];

    /// <summary>Element type of the cache tensors (Float or Float16).</summary>
    public TensorElementType KvType { get; init; }

    /// <summary>Shape of one cache tensor as declared, symbolic axes as -1: [batch, kv_heads, past, head_dim] or [2, batch, heads, past, head_dim].</summary>
    public IReadOnlyList<long> KvShape { get; init; } = [];

    /// <summary>Axis of <see cref="KvShape"/> that holds the batch (0, or 1 for GPT-2's stacked key/value); the past axis is two further.</summary>
    public int KvBatchAxis { get; init; }

    public int KvHeads => (int)KvShape[KvBatchAxis + 1];

    public int KvHeadDim => (int)KvShape[KvBatchAxis + 3];

    /// <summary>
    /// Bytes of KV cache per row and position over all layers, keys and values; null where the graph leaves the heads
    /// or head size symbolic.
    /// </summary>
    public long? KvBytesPerPosition
    {
        get
        {
            var dims = KvShape.Where((_, axis) => axis != KvBatchAxis && axis != KvBatchAxis + 2).ToList();
            var perTensor = dims.All(d => d > 0) ? dims.Aggregate(1L, (product, d) => product * d) : 0;
            var element = KvType switch
            {
                TensorElementType.Float => 4,
                TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
                _ => 0,
            };
            return HasKvCache && perTensor > 0 && element > 0 ? perTensor * element * KvTensors.Count : null;
        }
    }

    /// <summary>The shape of an empty cache tensor (no past positions) for <paramref name="batch"/> rows.</summary>
    public long[] EmptyCacheShape(int batch)
    {
        var shape = KvShape.ToArray();
        shape[KvBatchAxis] = batch;
        shape[KvBatchAxis + 2] = 0;
        return shape;
    }

    public bool HasKvCache => KvTensors.Count > 0;

    /// <summary>
    /// The graph takes <see cref="Onnx.ScoredRowsGraph.Input"/> and returns logits only at those rows ([rows, vocabulary]),
    /// as the scorer derives it from a plain or KV graph.
    /// </summary>
    public bool HasScoredRows { get; init; }

    /// <summary>Reads the layout of a loaded session; <paramref name="file"/> names the graph in errors.</summary>
    /// <exception cref="ModelFormatException">The graph is not a causal LM this engine can drive.</exception>
    public static GraphLayout Detect(InferenceSession session, string file)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        if (!inputs.TryGetValue(InputIds, out var ids))
        {
            throw new ModelFormatException(file, $"the graph has no \"{InputIds}\" input (inputs: {string.Join(", ", inputs.Keys)})");
        }

        if (!outputs.TryGetValue(Logits, out var logits))
        {
            throw new ModelFormatException(file, $"the graph has no \"{Logits}\" output (outputs: {string.Join(", ", outputs.Keys)})");
        }

        RequireType(file, InputIds, ids, TensorElementType.Int64, TensorElementType.Int32);
        RequireType(file, Logits, logits, TensorElementType.Float, TensorElementType.Float16);
        // A scored-rows graph (derived by the scorer) returns [rows, vocabulary]; any other graph [batch, sequence, vocabulary].
        var scoredRows = inputs.ContainsKey(Onnx.ScoredRowsGraph.Input);
        if (!scoredRows && (logits.Dimensions.Length == 2 || (logits.Dimensions.Length == 3 && logits.Dimensions[1] == 1)))
        {
            throw new ModelFormatException(
                file,
                $"\"{Logits}\" has shape [{string.Join(", ", logits.Dimensions)}]: the graph returns the last position's logits only, which is "
                + "enough to generate text but not to score it (a class's log-probability needs the logits after every prompt and class token); "
                + "export the graph with logits for every position");
        }

        if (logits.Dimensions.Length != (scoredRows ? 2 : 3))
        {
            throw new ModelFormatException(file, $"\"{Logits}\" has rank {logits.Dimensions.Length}; expected [batch, sequence, vocabulary]");
        }

        var (tensors, batchAxis) = KvCacheTensors(file, inputs, outputs);
        var known = new HashSet<string>(tensors.Select(t => t.Past)) { InputIds, AttentionMask, PositionIds, Onnx.ScoredRowsGraph.Input };
        var unknown = inputs.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelFormatException(
                file, $"unsupported graph inputs: {string.Join(", ", unknown)} (supported: input_ids, attention_mask, position_ids, past_key_values.N.key/value, past_N)");
        }

        var layout = new GraphLayout
        {
            IdsType = ids.ElementDataType,
            AttentionMaskType = inputs.TryGetValue(AttentionMask, out var mask) ? IntegerType(file, AttentionMask, mask) : null,
            PositionIdsType = inputs.TryGetValue(PositionIds, out var positions) ? IntegerType(file, PositionIds, positions) : null,
            LogitsType = logits.ElementDataType,
            LogitsVocabulary = logits.Dimensions[^1] > 0 ? logits.Dimensions[^1] : null,
            KvTensors = tensors,
            HasScoredRows = scoredRows,
        };
        if (tensors.Count == 0)
        {
            return layout;
        }

        var past = inputs[tensors[0].Past];
        RequireType(file, tensors[0].Past, past, TensorElementType.Float, TensorElementType.Float16);
        var dims = past.Dimensions;
        if (dims.Length != batchAxis + 4 || dims[batchAxis + 1] <= 0 || dims[batchAxis + 3] <= 0 || (batchAxis == 1 && dims[0] != 2))
        {
            var expected = batchAxis == 0 ? "[batch, kv_heads, past, head_dim]" : "[2, batch, heads, past, head_dim]";
            throw new ModelFormatException(
                file, $"\"{tensors[0].Past}\" has shape [{string.Join(", ", dims)}]; expected {expected} with fixed heads and head size");
        }

        // Without a mask the graph cannot tell a padded row's padding from its tokens. Position ids may be left out:
        // such graphs count positions from the mask, which right padding keeps equal to ours.
        if (layout.AttentionMaskType is null)
        {
            throw new ModelFormatException(file, "a graph with a KV cache needs an attention_mask input");
        }

        return layout with { KvType = past.ElementDataType, KvShape = [.. dims.Select(d => (long)d)], KvBatchAxis = batchAxis };
    }

    /// <summary>The cache inputs and their outputs: Optimum's per-layer key and value, or GPT-2's stacked past_N.</summary>
    private static (List<KvTensor> Tensors, int BatchAxis) KvCacheTensors(
        string file, IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var tensors = new List<KvTensor>();
        var stacked = !inputs.ContainsKey(PastKey(0)) && inputs.ContainsKey("past_0");
        for (var i = 0; ; i++)
        {
            KvTensor[] pairs = stacked
                ? [new($"past_{i}", $"present_{i}")]
                : [new(PastKey(i), $"present.{i}.key"), new($"past_key_values.{i}.value", $"present.{i}.value")];
            if (!inputs.ContainsKey(pairs[0].Past))
            {
                return (tensors, stacked ? 1 : 0);
            }

            foreach (var pair in pairs)
            {
                if (!inputs.ContainsKey(pair.Past))
                {
                    throw new ModelFormatException(file, $"the graph has \"{pairs[0].Past}\" but no \"{pair.Past}\" input");
                }

                if (!outputs.ContainsKey(pair.Present))
                {
                    throw new ModelFormatException(file, $"the graph has \"{pair.Past}\" but no \"{pair.Present}\" output");
                }
            }

            tensors.AddRange(pairs);
        }
    }

    private static string PastKey(int layer) => $"past_key_values.{layer}.key";

    private static TensorElementType IntegerType(string file, string name, NodeMetadata metadata)
    {
        RequireType(file, name, metadata, TensorElementType.Int64, TensorElementType.Int32);
        return metadata.ElementDataType;
    }

    private static void RequireType(string file, string name, NodeMetadata metadata, params TensorElementType[] allowed)
    {
        if (!metadata.IsTensor || !allowed.Contains(metadata.ElementDataType))
        {
            throw new ModelFormatException(
                file, $"\"{name}\" is {metadata.ElementDataType}; expected {string.Join(" or ", allowed)}");
        }
    }
}

/// <summary>One KV-cache input and the output that holds its continuation (past plus this pass's positions).</summary>
internal sealed record KvTensor(string Past, string Present);
