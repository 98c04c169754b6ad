namespace InverseScaling.Engine.Models.Onnx;

/// <summary>Field numbers of <c>onnx.proto</c> used here, and writers for the small messages (nodes, value infos).</summary>
internal static class OnnxMessages
{
    // ModelProto
    public const int ModelIrVersion = 1;
    public const int ModelProducerName = 2;
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;
    public const int ModelMetadataProps = 14;

    // GraphProto
    public const int GraphNode = 1;
    public const int GraphName = 2;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;

    // NodeProto
    public const int NodeInput = 1;
    public const int NodeOutput = 2;
    public const int NodeOpType = 4;
    public const int NodeAttribute = 5;

    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto
    public const int ValueInfoName = 1;
    public const int ValueInfoType = 2;
    public const int TypeTensor = 1;
    public const int TensorElemType = 1;
    public const int TensorShape = 2;
    public const int ShapeDim = 1;

    // TensorProto
    public const int TensorDims = 1;
    public const int TensorDataType = 2;
    public const int TensorName = 8;
    public const int TensorRawData = 9;

    // TensorProto.DataType
    public const int ElementFloat = 1;
    public const int ElementInt64 = 7;
    
    /// <summary>A NodeProto; attributes are (name, write value fields) pairs.</summary>
    public static byte[] Node(string opType, string[] inputs, string[] outputs, params (string Name, Action<ProtoWriter> Value)[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(NodeInput, input);
        }

        foreach (var output in outputs)
        {
            node.String(NodeOutput, output);
        }

        node.String(3, outputs[0]).String(NodeOpType, opType);
        foreach (var (name, value) in attributes)
        {
            node.Message(NodeAttribute, a =>
            {
                a.String(1, name);
                value(a);
            });
        }

        return node.ToArray();
    }

    /// <summary>AttributeProto value fields: one integer.</summary>
    public static Action<ProtoWriter> IntAttribute(long value) => a => a.Int(3, value).Int(20, 2);

    /// <summary>AttributeProto value fields: a list of integers.</summary>
    public static Action<ProtoWriter> IntsAttribute(params long[] values) => a =>
    {
        foreach (var v in values)
        {
            a.Int(8, v);
        }

        a.Int(20, 7);
    };

    /// <summary>A tensor ValueInfoProto; each dimension is a fixed size (long), a symbolic name (string) or a raw Dimension message (byte[]).</summary>
    public static byte[] ValueInfo(string name, int elementType, params object[] dims) => new ProtoWriter()
        .String(ValueInfoName, name)
        .Message(ValueInfoType, type => type.Message(TypeTensor, tensor =>
        {
            tensor.Int(TensorElemType, elementType);
            tensor.Message(TensorShape, shape =>
            {
                foreach (var dim in dims)
                {
                    _ = dim switch
                    {
                        long size => shape.Message(ShapeDim, d => d.Int(1, size)),
                        string symbol => shape.Message(ShapeDim, d => d.String(2, symbol)),
                        byte[] raw => shape.Bytes(ShapeDim, raw),
                        _ => throw new ArgumentException($"dimension {dim} is neither a size nor a name", nameof(dims)),
                    };
                }
            });
        }))
        .ToArray();

    /// <summary>A small initializer written whole (constants, shapes).</summary>
    public static byte[] Tensor(string name, int dataType, long[] dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new ProtoWriter();
        foreach (var d in dims)
        {
            tensor.Int(TensorDims, d);
        }

        return tensor.Int(TensorDataType, dataType).String(TensorName, name).Bytes(TensorRawData, raw).ToArray();
    }
}
