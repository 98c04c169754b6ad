using InverseScaling.Engine.Data;
namespace InverseScaling.Engine.Models;

/// <summary>Name, ONNX element type and shape of one graph initializer.</summary>
internal sealed record OnnxInitializer(string Name, int DataType, IReadOnlyList<long> Dims)
{
    /// <summary>ONNX <c>TensorProto.DataType</c> codes of the floating-point types (FLOAT, FLOAT16, DOUBLE, BFLOAT16).</summary>
    private static readonly int[] FloatingTypes = [1, 10, 11, 16];

    public bool IsFloatingPoint => FloatingTypes.Contains(DataType);

    public long ElementCount => Dims.Aggregate(1L, (product, d) => product * d);
}

/// <summary>
/// Lists the initializers of an ONNX graph by walking the protobuf wire format of <c>ModelProto.graph.initializer</c>
/// and reading only their names, types and dims: tensor data (inline or external) is skipped by seeking, so a
/// multi-gigabyte export costs a few reads. ONNX Runtime's API does not expose initializers, and one field does
/// not justify a protobuf dependency.
/// </summary>
internal static class OnnxInitializers
{
    // Field numbers from onnx.proto.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;

    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLength = 2;
    private const int WireFixed32 = 5;

    /// <exception cref="ModelFormatException">The file is not a readable ONNX protobuf.</exception>
    public static IReadOnlyList<OnnxInitializer> Read(string onnxPath)
    {
        using var stream = new BufferedStream(File.OpenRead(onnxPath), 1 << 16);
        try
        {
            var result = new List<OnnxInitializer>();
            ForEachField(stream, stream.Length, (field, wire, length) =>
            {
                if (field == ModelGraph && wire == WireLength)
                {
                    ForEachField(stream, stream.Position + length, (gField, gWire, gLength) =>
                    {
                        if (gField == GraphInitializer && gWire == WireLength)
                        {
                            result.Add(ReadTensor(stream, stream.Position + gLength));
                            return true;
                        }

                        return false;
                    });
                    return true;
                }

                return false;
            });
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or OverflowException)
        {
            throw new ModelFormatException(onnxPath, "not a readable ONNX graph: " + e.Message, inner: e);
        }
    }

    private static OnnxInitializer ReadTensor(Stream stream, long end)
    {
        var dims = new List<long>();
        var dataType = 0;
        var name = "";
        ForEachField(stream, end, (field, wire, length) =>
        {
            switch (field)
            {
                case TensorDims when wire == WireVarint:
                    dims.Add((long)ReadVarint(stream));
                    return true;
                case TensorDims when wire == WireLength:
                    // Packed repeated int64.
                    for (var stop = stream.Position + length; stream.Position < stop;)
                    {
                        dims.Add((long)ReadVarint(stream));
                    }

                    return true;
                case TensorDataType when wire == WireVarint:
                    dataType = (int)ReadVarint(stream);
                    return true;
                case TensorName when wire == WireLength:
                    var bytes = new byte[checked((int)length)];
                    stream.ReadExactly(bytes);
                    name = System.Text.Encoding.UTF8.GetString(bytes);
                    return true;
                default:
                    return false;
            }
        });
        return new OnnxInitializer(name, dataType, dims);
    }

    /// <summary>
    /// Calls <paramref name="visit"/> for each field up to <paramref name="end"/> with (field, wire type, length of a
    /// length-delimited field); a visitor that returns false leaves the field to be skipped, one that returns true
    /// has consumed a varint or exactly <c>length</c> bytes.
    /// </summary>
    private static void ForEachField(Stream stream, long end, Func<int, int, long, bool> visit)
    {
        while (stream.Position < end)
        {
            var key = ReadVarint(stream);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            var length = wire == WireLength ? checked((long)ReadVarint(stream)) : 0;
            var start = stream.Position;
            if (visit(field, wire, length))
            {
                continue;
            }

            switch (wire)
            {
                case WireVarint:
                    ReadVarint(stream);
                    break;
                case WireFixed64:
                    stream.Seek(8, SeekOrigin.Current);
                    break;
                case WireLength:
                    stream.Seek(start + length, SeekOrigin.Begin);
                    break;
                case WireFixed32:
                    stream.Seek(4, SeekOrigin.Current);
                    break;
                default:
                    throw new InvalidDataException($"unexpected protobuf wire type {wire} at byte {start}");
            }
        }

        if (stream.Position != end)
        {
            throw new InvalidDataException($"a protobuf field runs past its message (byte {stream.Position}, message ends at {end})");
        }
    }

    private static ulong ReadVarint(Stream stream)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("the file ends inside a protobuf varint");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("a protobuf varint is longer than 10 bytes");
    }
}
