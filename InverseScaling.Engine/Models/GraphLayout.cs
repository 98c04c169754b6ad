using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InverseScaling.Engine.Models;

/// <summary>
/// What an ONNX causal LM expects, read from the session's input and output metadata: (a) a plain
/// <c>input_ids → logits</c> graph, or (b) the Optimum / onnxruntime-genai KV layout with <c>attention_mask</c>,
/// <c>position_ids</c> and <c>past_key_values.N.key/value</c> → <c>present.N.key/value</c>, in fp32 or fp16.
/// </summary>
public sealed record GraphLayout
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

    /// <summary>Per layer, the KV-cache input and output names; empty for a plain graph.</summary>
    public IReadOnlyList<KvLayer> KvLayers { get; init; } = [];

    /// <summary>Element type of the cache tensors (Float or Float16).</summary>
    public TensorElementType KvType { get; init; }

    /// <summary>Cache shape [batch, kv_heads, past, head_dim]: the two fixed sizes.</summary>
    public int KvHeads { get; init; }

    public int KvHeadDim { get; init; }

    public bool HasKvCache => KvLayers.Count > 0;

    /// <summary>
    /// The graph takes <see cref="Onnx.ScoredRowsGraph.Input"/> and returns logits only at those rows ([1, rows, vocabulary]),
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
        if (logits.Dimensions.Length != 3)
        {
            throw new ModelFormatException(file, $"\"{Logits}\" has rank {logits.Dimensions.Length}; expected [batch, sequence, vocabulary]");
        }

        var layers = new List<KvLayer>();
        for (var i = 0; inputs.ContainsKey(PastKey(i)); i++)
        {
            var layer = new KvLayer(PastKey(i), $"past_key_values.{i}.value", $"present.{i}.key", $"present.{i}.value");
            if (!inputs.ContainsKey(layer.PastValue))
            {
                throw new ModelFormatException(file, $"the graph has \"{layer.PastKey}\" but no \"{layer.PastValue}\" input");
            }

            foreach (var name in new[] { layer.PresentKey, layer.PresentValue })
            {
                if (!outputs.ContainsKey(name))
                {
                    throw new ModelFormatException(file, $"the graph has \"{layer.PastKey}\" but no \"{name}\" output");
                }
            }

            layers.Add(layer);
        }

        var known = new HashSet<string>(layers.SelectMany(l => new[] { l.PastKey, l.PastValue })) { InputIds, AttentionMask, PositionIds, Onnx.ScoredRowsGraph.Input };
        var unknown = inputs.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelFormatException(
                file, $"unsupported graph inputs: {string.Join(", ", unknown)} (supported: input_ids, attention_mask, position_ids, past_key_values.N.key/value)");
        }

        var layout = new GraphLayout
        {
            IdsType = ids.ElementDataType,
            AttentionMaskType = inputs.TryGetValue(AttentionMask, out var mask) ? IntegerType(file, AttentionMask, mask) : null,
            PositionIdsType = inputs.TryGetValue(PositionIds, out var positions) ? IntegerType(file, PositionIds, positions) : null,
            LogitsType = logits.ElementDataType,
            LogitsVocabulary = logits.Dimensions[2] > 0 ? logits.Dimensions[2] : null,
            KvLayers = layers,
            HasScoredRows = inputs.ContainsKey(Onnx.ScoredRowsGraph.Input),
        };
        if (layers.Count == 0)
        {
            return layout;
        }

        var past = inputs[layers[0].PastKey];
        RequireType(file, layers[0].PastKey, past, TensorElementType.Float, TensorElementType.Float16);
        if (past.Dimensions.Length != 4 || past.Dimensions[1] <= 0 || past.Dimensions[3] <= 0)
        {
            throw new ModelFormatException(
                file, $"\"{layers[0].PastKey}\" has shape [{string.Join(", ", past.Dimensions)}]; expected [batch, kv_heads, past, head_dim] with fixed heads and head size");
        }

        if (layout.AttentionMaskType is null || layout.PositionIdsType is null)
        {
            throw new ModelFormatException(file, "a graph with a KV cache needs attention_mask and position_ids inputs");
        }

        return layout with { KvType = past.ElementDataType, KvHeads = past.Dimensions[1], KvHeadDim = past.Dimensions[3] };
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

/// <summary>The cache tensors of one layer.</summary>
public sealed record KvLayer(string PastKey, string PastValue, string PresentKey, string PresentValue);
