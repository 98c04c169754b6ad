using System.Runtime.InteropServices;
using InverseScaling.Engine.Models.Onnx;
using static InverseScaling.Engine.Models.Onnx.OnnxMessages;

namespace InverseScaling.Benchmarks;

/// <summary>
/// Random-weight LLaMA graphs of real shape, for timing only (their outputs mean nothing): the llama2.c architecture
/// (RMSNorm, interleaved RoPE, SwiGLU, tied classifier) with the Llama-2 32k vocabulary, in the Optimum /
/// onnxruntime-genai KV layout (input_ids, attention_mask, position_ids, past_key_values.N.key/value → logits,
/// present.N.key/value), opset 17, ai.onnx ops only, weights inline. Written straight to a file, deterministic from a
/// fixed seed, and cached outside the repository.
/// </summary>
internal sealed record LlamaGraph(string Name, int Dim, int Hidden, int Layers, int Heads, int Vocabulary, int MaxContext)
{
    public static readonly LlamaGraph S15 = new("S15", 288, 768, 6, 6, 32000, 512);
    public static readonly LlamaGraph S110 = new("S110", 768, 2048, 12, 12, 32000, 1024);

    private const ulong Seed = 20240611;

    /// <summary>Weights ~ U(−a, a) with the standard deviation 0.02 of GPT-2/LLaMA initialisation.</summary>
    private static readonly float Amplitude = 0.02f * MathF.Sqrt(3);

    private int HeadSize => Dim / Heads;

    /// <summary>Parameters with the tied embedding once (norm gains and RoPE tables not counted).</summary>
    public long Parameters => (long)Vocabulary * Dim + (long)Layers * ((4L * Dim * Dim) + (3L * Dim * Hidden));

    /// <summary>The graph file, written on first use under the user's cache folder.</summary>
    public string Ensure()
    {
        var folder = Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "inverse-scaling-benchmark",
            $"{Name}-v1");
        var path = Path.Combine(folder, "model.onnx");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Write(stream);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    private void Write(Stream target)
    {
        var graph = new GraphBuilder();
        var hs = HeadSize;
        graph.Weight("tok_embeddings", [Vocabulary, Dim]);
        var (cosTable, sinTable) = RopeTables(MaxContext, hs);
        graph.Constant("rope_cos", [MaxContext, 1, hs / 2, 1], cosTable);
        graph.Constant("rope_sin", [MaxContext, 1, hs / 2, 1], sinTable);
        var cos = graph.Op("Gather", ["rope_cos", "position_ids"], ("axis", IntAttribute(0)));
        var sin = graph.Op("Gather", ["rope_sin", "position_ids"], ("axis", IntAttribute(0)));

        // Additive mask [B,1,1,S,total]: new token t (cache index past+t) sees cache index j iff j <= past+t and attention_mask[j] = 1.
        var axis0 = graph.Int64s("c_axis0", 0);
        var seq = graph.Op("Squeeze", [graph.Op("Shape", ["input_ids"], ("start", IntAttribute(1)), ("end", IntAttribute(2))), axis0]);
        var total = graph.Op("Squeeze", [graph.Op("Shape", ["attention_mask"], ("start", IntAttribute(1)), ("end", IntAttribute(2))), axis0]);
        var past = graph.Op("Sub", [total, seq]);
        var zero = graph.Scalar64("c_zero_i", 0);
        var one = graph.Scalar64("c_one_i", 1);
        var keyPositions = graph.Op("Range", [zero, total, one]);
        var queryPositions = graph.Op("Unsqueeze", [graph.Op("Range", [past, total, one]), graph.Int64s("c_axis1", 1)]);
        var causal = graph.Op("LessOrEqual", [keyPositions, queryPositions]);
        var keep = graph.Op("Unsqueeze", [graph.Op("Greater", ["attention_mask", zero]), graph.Int64s("c_axes123", 1, 2, 3)]);
        var mask = graph.Op("Where", [graph.Op("And", [causal, keep]), graph.ScalarF("c_zero_f", 0f), graph.ScalarF("c_neg_f", -1e9f)]);

        var eps = graph.ScalarF("c_eps", 1e-5f);
        var sqrtHead = graph.ScalarF("c_sqrt_head", MathF.Sqrt(hs));
        var ropeView = graph.Int64s("c_rope_view", 0, 0, 0, hs / 2, 2);
        var ropeBack = graph.Int64s("c_rope_back", 0, 0, 0, hs);
        var heads = graph.Int64s("c_heads", 0, 0, Heads, hs);
        var merge = graph.Int64s("c_merge", 0, 0, Dim);
        var axis2 = graph.Int64s("c_axis2", 2);

        string RmsNorm(string x, string weight)
        {
            graph.Constant(weight, [Dim], Enumerable.Repeat(1f, Dim).ToArray());
            var meanSquare = graph.Op("ReduceMean", [graph.Op("Mul", [x, x])], ("axes", IntsAttribute(-1)), ("keepdims", IntAttribute(1)));
            return graph.Op("Mul", [graph.Op("Div", [x, graph.Op("Sqrt", [graph.Op("Add", [meanSquare, eps])])]), weight]);
        }

        string Linear(string x, string weight, int inputs, int outputs)
        {
            graph.Weight(weight, [inputs, outputs]);
            return graph.Op("MatMul", [x, weight]);
        }

        string Rope(string x)
        {
            var halves = graph.Ops("Split", [graph.Op("Reshape", [x, ropeView])], 2, ("axis", IntAttribute(4)));
            var (a, b) = (halves[0], halves[1]);
            var ra = graph.Op("Sub", [graph.Op("Mul", [a, cos]), graph.Op("Mul", [b, sin])]);
            var rb = graph.Op("Add", [graph.Op("Mul", [b, cos]), graph.Op("Mul", [a, sin])]);
            return graph.Op("Reshape", [graph.Op("Concat", [ra, rb], ("axis", IntAttribute(4))), ropeBack]);
        }

        var x = graph.Op("Gather", ["tok_embeddings", "input_ids"], ("axis", IntAttribute(0)));
        for (var i = 0; i < Layers; i++)
        {
            var p = $"layers.{i}.";
            var h = RmsNorm(x, p + "attn_norm");
            var q = Rope(graph.Op("Reshape", [Linear(h, p + "wq_t", Dim, Dim), heads]));
            var k = Rope(graph.Op("Reshape", [Linear(h, p + "wk_t", Dim, Dim), heads]));
            var v = graph.Op("Reshape", [Linear(h, p + "wv_t", Dim, Dim), heads]);
            var presentKey = graph.OpTo($"present.{i}.key", "Concat", [$"past_key_values.{i}.key", graph.Op("Transpose", [k], ("perm", IntsAttribute(0, 2, 1, 3)))], ("axis", IntAttribute(2)));
            var presentValue = graph.OpTo($"present.{i}.value", "Concat", [$"past_key_values.{i}.value", graph.Op("Transpose", [v], ("perm", IntsAttribute(0, 2, 1, 3)))], ("axis", IntAttribute(2)));
            var qt = graph.Op("Transpose", [q], ("perm", IntsAttribute(0, 2, 1, 3)));
            var kt = graph.Op("Transpose", [presentKey], ("perm", IntsAttribute(0, 1, 3, 2)));
            var scores = graph.Op("Add", [graph.Op("Div", [graph.Op("MatMul", [qt, kt]), sqrtHead]), graph.Op("Squeeze", [mask, axis2])]);
            var attention = graph.Op("MatMul", [graph.Op("Softmax", [scores], ("axis", IntAttribute(-1))), presentValue]);
            attention = graph.Op("Reshape", [graph.Op("Transpose", [attention], ("perm", IntsAttribute(0, 2, 1, 3))), merge]);
            x = graph.Op("Add", [x, Linear(attention, p + "wo_t", Dim, Dim)]);
            h = RmsNorm(x, p + "ffn_norm");
            var gate = Linear(h, p + "w1_gate_t", Dim, Hidden);
            var up = Linear(h, p + "w3_up_t", Dim, Hidden);
            var act = graph.Op("Mul", [graph.Op("Mul", [gate, graph.Op("Sigmoid", [gate])]), up]);
            x = graph.Op("Add", [x, Linear(act, p + "w2_down_t", Hidden, Dim)]);
        }

        x = RmsNorm(x, "final_norm");
        graph.OpTo("logits", "MatMul", [x, graph.Op("Transpose", ["tok_embeddings"], ("perm", IntsAttribute(1, 0)))]);

        graph.Inputs.Add(ValueInfo("input_ids", ElementInt64, "batch_size", "sequence_length"));
        graph.Inputs.Add(ValueInfo("attention_mask", ElementInt64, "batch_size", "total_sequence_length"));
        graph.Inputs.Add(ValueInfo("position_ids", ElementInt64, "batch_size", "sequence_length"));
        graph.Outputs.Add(ValueInfo("logits", ElementFloat, "batch_size", "sequence_length", (long)Vocabulary));
        for (var i = 0; i < Layers; i++)
        {
            foreach (var kv in new[] { "key", "value" })
            {
                graph.Inputs.Add(ValueInfo($"past_key_values.{i}.{kv}", ElementFloat, "batch_size", (long)Heads, "past_sequence_length", (long)hs));
                graph.Outputs.Add(ValueInfo($"present.{i}.{kv}", ElementFloat, "batch_size", (long)Heads, "total_sequence_length", (long)hs));
            }
        }

        var header = new ProtoWriter()
            .Int(ModelIrVersion, 8)
            .String(ModelProducerName, "InverseScaling.Benchmarks")
            .Message(ModelOpsetImport, o => o.String(1, "").Int(2, 17))
            .ToArray();
        target.Write(header);
        graph.WriteTo(target, Name);
    }

    /// <summary>cos/sin of position × θ^(−2i/hs), θ = 10000, in float as llama2.c computes them.</summary>
    private static (float[] Cos, float[] Sin) RopeTables(int positions, int hs)
    {
        var cos = new float[positions * (hs / 2)];
        var sin = new float[cos.Length];
        for (var p = 0; p < positions; p++)
        {
            for (var i = 0; i < hs / 2; i++)
            {
                var angle = p * (1f / MathF.Pow(10000f, 2f * i / hs));
                cos[(p * (hs / 2)) + i] = MathF.Cos(angle);
                sin[(p * (hs / 2)) + i] = MathF.Sin(angle);
            }
        }

        return (cos, sin);
    }

    /// <summary>Nodes and small initializers in memory; random weight tensors described here and generated while the file is written.</summary>
    private sealed class GraphBuilder
    {
        private readonly List<byte[]> _nodes = [];
        private readonly List<byte[]> _constants = [];
        private readonly List<(string Name, long[] Dims)> _weights = [];
        private int _count;

        public List<byte[]> Inputs { get; } = [];

        public List<byte[]> Outputs { get; } = [];

        public string Op(string opType, string[] inputs, params (string, Action<ProtoWriter>)[] attributes) => Ops(opType, inputs, 1, null, attributes)[0];

        /// <summary>A node whose one output has a given name (graph outputs).</summary>
        public string OpTo(string output, string opType, string[] inputs, params (string, Action<ProtoWriter>)[] attributes) =>
            Ops(opType, inputs, 1, output, attributes)[0];

        public string[] Ops(string opType, string[] inputs, int outputs, params (string, Action<ProtoWriter>)[] attributes) =>
            Ops(opType, inputs, outputs, null, attributes);

        public void Weight(string name, long[] dims) => _weights.Add((name, dims));

        public void Constant(string name, long[] dims, float[] values) =>
            _constants.Add(Tensor(name, ElementFloat, dims, MemoryMarshal.AsBytes(values.AsSpan())));

        public string ScalarF(string name, float value)
        {
            _constants.Add(Tensor(name, ElementFloat, [], BitConverter.GetBytes(value)));
            return name;
        }

        public string Scalar64(string name, long value)
        {
            _constants.Add(Tensor(name, ElementInt64, [], BitConverter.GetBytes(value)));
            return name;
        }

        public string Int64s(string name, params long[] values)
        {
            _constants.Add(Tensor(name, ElementInt64, [values.Length], MemoryMarshal.AsBytes(values.AsSpan())));
            return name;
        }

        /// <summary>The graph field (key, length, payload), random weights streamed: a 438 MB model never sits in memory.</summary>
        public void WriteTo(Stream target, string name)
        {
            var small = new ProtoWriter().String(GraphName, name);
            foreach (var node in _nodes)
            {
                small.Bytes(GraphNode, node);
            }

            foreach (var constant in _constants)
            {
                small.Bytes(GraphInitializer, constant);
            }

            foreach (var input in Inputs)
            {
                small.Bytes(GraphInput, input);
            }

            foreach (var output in Outputs)
            {
                small.Bytes(GraphOutput, output);
            }

            var weights = _weights.Select((w, i) => (w.Name, w.Dims, Index: i, Header: WeightHeader(w.Name, w.Dims), Bytes: w.Dims.Aggregate(4L, (a, d) => a * d))).ToList();
            long TensorLength((string, long[], int, byte[] Header, long Bytes) w) => w.Header.Length + ProtoWriter.HeaderSize(TensorRawData, w.Bytes) + w.Bytes;
            var graphLength = small.Length + weights.Sum(w => ProtoWriter.HeaderSize(GraphInitializer, TensorLength(w)) + TensorLength(w));

            ProtoWriter.WriteHeader(target, ModelGraph, graphLength);
            target.Write(small.ToArray());
            var buffer = new float[1 << 16];
            foreach (var weight in weights)
            {
                ProtoWriter.WriteHeader(target, GraphInitializer, TensorLength(weight));
                target.Write(weight.Header);
                ProtoWriter.WriteHeader(target, TensorRawData, weight.Bytes);
                var state = unchecked(Seed * 0x9E3779B97F4A7C15UL) ^ (ulong)(weight.Index + 1);
                for (var left = weight.Bytes / 4; left > 0; left -= buffer.Length)
                {
                    var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, left));
                    foreach (ref var value in chunk)
                    {
                        value = ((float)(SplitMix(ref state) >> 40) / (1 << 24) * 2 - 1) * Amplitude;
                    }

                    target.Write(MemoryMarshal.AsBytes(chunk));
                }
            }
        }

        private string[] Ops(string opType, string[] inputs, int outputs, string? output, (string, Action<ProtoWriter>)[] attributes)
        {
            _count++;
            string[] names = output is not null ? [output] : [.. Enumerable.Range(0, outputs).Select(i => $"{opType.ToLowerInvariant()}_{_count}_{i}")];
            _nodes.Add(Node(opType, inputs, names, attributes));
            return names;
        }

        private static byte[] WeightHeader(string name, long[] dims)
        {
            var header = new ProtoWriter();
            foreach (var d in dims)
            {
                header.Int(TensorDims, d);
            }

            return header.Int(TensorDataType, ElementFloat).String(TensorName, name).ToArray();
        }

        private static ulong SplitMix(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
