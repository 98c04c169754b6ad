using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Engine.Models.Onnx;

/// <summary>
/// Derives, from a causal LM graph whose <c>logits</c> are one <c>MatMul(hidden, head)</c> (every llama2.c, Optimum
/// and onnxruntime-genai Llama/GPT-2 export), a graph that applies the head only at the rows the scorer reads: an
/// extra input <c>scored_rows</c> (int64 [N], flat indices into batch × sequence) gathers those hidden states first,
/// and <c>logits</c> becomes [N, vocabulary].
/// </summary>
/// <remarks>
/// Why: the head is a dim × vocabulary product at every position (with a 32k vocabulary, more work than the whole
/// trunk of a 15M model), and a prompt pass needs it at one position per row. The derived file is cached in the
/// user's local application-data folder, one folder per source path, never in the model folder (which may be shared
/// or read-only); an external-data file of the source is linked beside it so its relative location still resolves.
/// It carries the source's modification time and is rebuilt when that changes. A graph of another shape keeps the
/// user's graph and the full logits, as does a cache that cannot be written or linked.
/// </remarks>
internal static class ScoredRowsGraph
{
    public const string Input = "scored_rows";

    /// <summary>Suffix of the derived file; the version changes whenever the rewrite does.</summary>
    public const string Suffix = ".scored-rows-v2.onnx";

    private const string Logits = "logits";

    /// <summary>Path of the derived graph (made now or earlier), or null where the graph cannot be derived.</summary>
    public static string? Prepare(string onnx)
    {
        var cache = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "InverseScaling",
            "graphs",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(onnx))))[..16]);
        var derived = Path.Combine(cache, Path.GetFileName(onnx) + Suffix);
        var sourceTime = File.GetLastWriteTimeUtc(onnx);
        if (File.Exists(derived) && File.GetLastWriteTimeUtc(derived) == sourceTime)
        {
            return derived;
        }

        var temp = $"{derived}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(cache);
            foreach (var data in ModelFolder.ExternalDataFiles(onnx))
            {
                var link = Path.Combine(cache, Path.GetFileName(data));
                File.Delete(link);
                File.CreateSymbolicLink(link, Path.GetFullPath(data));
            }

            bool written;
            using (var source = new FileStream(onnx, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                written = TryRewrite(source, target);
            }

            if (!written)
            {
                File.Delete(temp);
                return null;
            }

            File.SetLastWriteTimeUtc(temp, sourceTime);
            File.Move(temp, derived, overwrite: true);
            // An earlier version's copy is as large as the model and never read again.
            foreach (var stale in Directory.EnumerateFiles(cache, Path.GetFileName(onnx) + ".scored-rows-v*.onnx").Where(f => f != derived))
            {
                TryDelete(stale);
            }

            return derived;
        }
        catch (InvalidDataException)
        {
            // Not protobuf: ONNX Runtime's own load of the user's graph reports it.
            TryDelete(temp);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return null;
        }
    }

    /// <summary>Writes the derived graph to <paramref name="target"/>; false (nothing useful written) when the graph has another shape.</summary>
    internal static bool TryRewrite(Stream source, Stream target)
    {
        var model = Proto.Scan(source, 0, source.Length);
        var graphs = model.Where(f => f.Number == OnnxMessages.ModelGraph).ToList();
        if (graphs.Count != 1 || DefaultOpset(source, model) < 13)
        {
            return false;
        }

        var graph = graphs[0];
        var fields = Proto.Scan(source, graph.Payload, graph.Payload + graph.Length);
        ProtoField? headField = null;
        string[]? headInputs = null;
        foreach (var field in fields.Where(f => f.Number == OnnxMessages.GraphNode))
        {
            var node = Proto.Payload(source, field);
            var parts = Proto.Scan(node);
            if (!parts.Any(p => p.Number == OnnxMessages.NodeOutput && Proto.Text(node, p) == Logits))
            {
                continue;
            }

            var op = parts.Where(p => p.Number == OnnxMessages.NodeOpType).Select(p => Proto.Text(node, p)).FirstOrDefault();
            headInputs = [.. parts.Where(p => p.Number == OnnxMessages.NodeInput).Select(p => Proto.Text(node, p))];
            if (op != "MatMul" || headInputs.Length != 2)
            {
                return false;
            }

            headField = field;
        }

        var logitsOutput = fields.Where(f => f.Number == OnnxMessages.GraphOutput)
            .Select(f => (Field: f, Bytes: Proto.Payload(source, f)))
            .Where(o => Name(o.Bytes) == Logits)
            .ToList();
        if (headField is null || headInputs is null || logitsOutput.Count != 1
            || fields.Any(f => f.Number == OnnxMessages.GraphInput && Name(Proto.Payload(source, f)) == Input)
            || LogitsType(logitsOutput[0].Bytes) is not var (elementType, vocabularyDim))
        {
            return false;
        }

        const string Flat = "scored_rows.hidden", Gathered = "scored_rows.gathered";
        byte[][] headNodes =
        [
            OnnxMessages.Node("Flatten", [headInputs[0]], [Flat], ("axis", OnnxMessages.IntAttribute(2))),
            OnnxMessages.Node("Gather", [Flat, Input], [Gathered], ("axis", OnnxMessages.IntAttribute(0))),
            OnnxMessages.Node("MatMul", [Gathered, headInputs[1]], [Logits]),
        ];
        var pieces = new List<object>();
        foreach (var field in fields)
        {
            if (field == headField)
            {
                pieces.AddRange(headNodes.Select(n => Field(OnnxMessages.GraphNode, n)));
            }
            else if (field == logitsOutput[0].Field)
            {
                // [rows, vocabulary]: a batch axis put back on, before or after the head, would cost a copy of its
                // input or of the logits (ONNX Runtime copies a reshaped graph output).
                pieces.Add(Field(OnnxMessages.GraphOutput, OnnxMessages.ValueInfo(Logits, elementType, Input, vocabularyDim)));
            }
            else
            {
                pieces.Add(field);
            }
        }

        pieces.Add(Field(OnnxMessages.GraphInput, OnnxMessages.ValueInfo(Input, OnnxMessages.ElementInt64, Input)));

        var graphLength = pieces.Sum(p => p is ProtoField f ? f.End - f.Start : ((byte[])p).Length);
        foreach (var field in model)
        {
            if (field != graph)
            {
                Proto.CopyRange(source, field.Start, field.End - field.Start, target);
                continue;
            }

            ProtoWriter.WriteHeader(target, OnnxMessages.ModelGraph, graphLength);
            foreach (var piece in pieces)
            {
                if (piece is ProtoField f)
                {
                    Proto.CopyRange(source, f.Start, f.End - f.Start, target);
                }
                else
                {
                    target.Write((byte[])piece);
                }
            }
        }

        return true;
    }

    /// <summary>A whole field (key, length, payload) holding <paramref name="message"/>.</summary>
    private static byte[] Field(int number, byte[] message) => new ProtoWriter().Bytes(number, message).ToArray();

    /// <summary>The default-domain opset the model imports (0 when none is declared).</summary>
    private static long DefaultOpset(Stream source, List<ProtoField> model)
    {
        foreach (var field in model.Where(f => f.Number == OnnxMessages.ModelOpsetImport))
        {
            var opset = Proto.Payload(source, field);
            var parts = Proto.Scan(opset);
            var domain = parts.Where(p => p.Number == 1).Select(p => Proto.Text(opset, p)).FirstOrDefault() ?? "";
            if (domain is "" or "ai.onnx")
            {
                return (long)parts.Where(p => p.Number == 2).Select(p => p.Value).FirstOrDefault();
            }
        }

        return 0;
    }

    /// <summary>The element type of the logits output and its vocabulary dimension (a raw Dimension message), when declared with rank 3.</summary>
    private static (int ElementType, byte[] VocabularyDim)? LogitsType(byte[] valueInfo)
    {
        var type = Child(valueInfo, OnnxMessages.ValueInfoType);
        var tensor = type is null ? null : Child(type, OnnxMessages.TypeTensor);
        var shape = tensor is null ? null : Child(tensor, OnnxMessages.TensorShape);
        if (tensor is null || shape is null)
        {
            return null;
        }

        var elementType = Proto.Scan(tensor).Where(p => p.Number == OnnxMessages.TensorElemType).Select(p => (int)p.Value).FirstOrDefault();
        var dims = Proto.Scan(shape).Where(p => p.Number == OnnxMessages.ShapeDim).ToList();
        return dims.Count == 3 && elementType != 0 ? (elementType, Proto.Payload(shape, dims[2])) : null;
    }

    private static string? Name(byte[] valueInfo) =>
        Proto.Scan(valueInfo).Where(p => p.Number == OnnxMessages.ValueInfoName).Select(p => Proto.Text(valueInfo, p)).FirstOrDefault();

    private static byte[]? Child(byte[] message, int number) =>
        Proto.Scan(message).Where(p => p.Number == number && p.WireType == Proto.Delimited).Select(p => Proto.Payload(message, p)).FirstOrDefault();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is harmless and overwritten next time.
        }
    }
}
