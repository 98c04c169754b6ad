using System.Globalization;
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
    public const string Suffix = ".scored-rows-v3.onnx";

    /// <summary>Suffix, after the derived graph's own name, of the file that holds its weights.</summary>
    public const string DataSuffix = ".data";

    private const string Logits = "logits";

    /// <summary>Weights smaller than this stay in the graph file (ONNX's own convention for external data).</summary>
    private const int ExternalDataMinimum = 1024;

    /// <summary>Each tensor in the data file starts on a page, so ONNX Runtime maps it into memory instead of reading it.</summary>
    private const int PageSize = 4096;

    /// <summary>Path of the derived graph (made now or earlier), or null where the graph cannot be derived.</summary>
    public static string? Prepare(string onnx)
    {
        var cache = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "InverseScaling",
            "graphs",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(onnx))))[..16]);
        var derived = Path.Combine(cache, Path.GetFileName(onnx) + Suffix);
        var weights = derived + DataSuffix;
        var sourceTime = File.GetLastWriteTimeUtc(onnx);
        if (File.Exists(derived) && File.Exists(weights) && File.GetLastWriteTimeUtc(derived) == sourceTime)
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
            using (var data = new FileStream(weights, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                written = TryRewrite(source, target, (data, Path.GetFileName(weights)));
            }

            if (!written)
            {
                File.Delete(temp);
                File.Delete(weights);
                return null;
            }

            File.SetLastWriteTimeUtc(temp, sourceTime);
            File.Move(temp, derived, overwrite: true);
            // An earlier version's copy is as large as the model and never read again.
            foreach (var stale in Directory.EnumerateFiles(cache, Path.GetFileName(onnx) + ".scored-rows-v*").Where(f => f != derived && f != weights))
            {
                TryDelete(stale);
            }

            return derived;
        }
        catch (InvalidDataException)
        {
            // Not protobuf: ONNX Runtime's own load of the user's graph reports it.
            TryDelete(temp);
            TryDelete(weights);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            TryDelete(weights);
            return null;
        }
    }

    /// <summary>
    /// Writes the derived graph to <paramref name="target"/>, with its weights in <paramref name="data"/> where one is
    /// given (location: the name the graph gives the data file, beside it); false (nothing useful written) when the
    /// graph has another shape.
    /// </summary>
    /// <remarks>
    /// Why weights apart: ONNX Runtime parses weights held inside the graph file and copies them, but maps page-aligned
    /// external ones straight from the file: a 110M model opens in 1.1–1.2 s instead of 1.3–1.8 s and keeps 575 MiB
    /// resident instead of 750–800.
    /// </remarks>
    internal static bool TryRewrite(Stream source, Stream target, (Stream Stream, string Location)? data = null)
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
            else if (data is { } external && field.Number == OnnxMessages.GraphInitializer)
            {
                pieces.Add(Externalised(source, field, external.Stream, external.Location));
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

    /// <summary>
    /// The initializer <paramref name="field"/> with its raw data moved to the end of <paramref name="data"/>, on a page
    /// boundary; as it is (the field itself) where it holds less than <see cref="ExternalDataMinimum"/> bytes or no raw data.
    /// </summary>
    private static object Externalised(Stream source, ProtoField field, Stream data, string location)
    {
        var parts = Proto.Scan(source, field.Payload, field.Payload + field.Length);
        if (parts.SingleOrDefault(p => p.Number == OnnxMessages.TensorRawData && p.WireType == Proto.Delimited) is not { Length: >= ExternalDataMinimum } raw)
        {
            return field;
        }

        var offset = (data.Length + PageSize - 1) / PageSize * PageSize;
        data.Write(new byte[offset - data.Length]);
        Proto.CopyRange(source, raw.Payload, raw.Length, data);
        var tensor = new MemoryStream();
        foreach (var part in parts.Where(p => p != raw))
        {
            Proto.CopyRange(source, part.Start, part.End - part.Start, tensor);
        }

        var writer = new ProtoWriter();
        foreach (var (key, value) in new[] { ("location", location), ("offset", offset.ToString(CultureInfo.InvariantCulture)), ("length", raw.Length.ToString(CultureInfo.InvariantCulture)) })
        {
            writer.Message(OnnxMessages.TensorExternalData, entry => entry.String(1, key).String(2, value));
        }

        tensor.Write(writer.Int(OnnxMessages.TensorDataLocation, OnnxMessages.DataLocationExternal).ToArray());
        return Field(OnnxMessages.GraphInitializer, tensor.ToArray());
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
