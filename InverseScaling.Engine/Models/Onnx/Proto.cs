using System.Buffers;
using System.Text;

namespace InverseScaling.Engine.Models.Onnx;

/// <summary>
/// The few protobuf wire-format pieces needed to edit and write ONNX files (field numbers from the public
/// <c>onnx.proto</c>) without holding a multi-hundred-megabyte model in memory: fields are located by offset and
/// large payloads (initializers) are copied stream to stream.
/// </summary>
internal static class Proto
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Delimited = 2;
    public const int Fixed32 = 5;

    /// <summary>The fields of one message in [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">Not a well-formed protobuf message.</exception>
    public static List<ProtoField> Scan(Stream stream, long start, long end)
    {
        var fields = new List<ProtoField>();
        stream.Position = start;
        while (stream.Position < end)
        {
            var fieldStart = stream.Position;
            var key = ReadVarint(stream);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case Varint:
                    var value = ReadVarint(stream);
                    fields.Add(new ProtoField(number, wire, fieldStart, stream.Position, stream.Position, 0, value));
                    break;
                case Delimited:
                    var length = (long)ReadVarint(stream);
                    var payload = stream.Position;
                    if (length < 0 || payload + length > end)
                    {
                        throw new InvalidDataException($"field {number} at byte {fieldStart} runs past the end of its message");
                    }

                    stream.Position = payload + length;
                    fields.Add(new ProtoField(number, wire, fieldStart, stream.Position, payload, length, 0));
                    break;
                case Fixed64:
                case Fixed32:
                    stream.Position += wire == Fixed64 ? 8 : 4;
                    fields.Add(new ProtoField(number, wire, fieldStart, stream.Position, stream.Position, 0, 0));
                    break;
                default:
                    throw new InvalidDataException($"unsupported wire type {wire} at byte {fieldStart}");
            }
        }

        return fields;
    }

    /// <summary>The fields of a message held in memory.</summary>
    public static List<ProtoField> Scan(byte[] message)
    {
        using var stream = new MemoryStream(message, writable: false);
        return Scan(stream, 0, message.Length);
    }

    public static byte[] Payload(Stream stream, ProtoField field)
    {
        var bytes = new byte[field.Length];
        stream.Position = field.Payload;
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static byte[] Payload(byte[] message, ProtoField field) => message.AsSpan((int)field.Payload, (int)field.Length).ToArray();

    public static string Text(byte[] message, ProtoField field) => Encoding.UTF8.GetString(message, (int)field.Payload, (int)field.Length);

    /// <summary>Copies <paramref name="count"/> bytes from <paramref name="offset"/> of <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static void CopyRange(Stream source, long offset, long count, Stream target)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            source.Position = offset;
            while (count > 0)
            {
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                target.Write(buffer, 0, read);
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static ulong ReadVarint(Stream stream)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("the message ends inside a varint");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint longer than 10 bytes");
    }
}

/// <summary>
/// One field of a message: where it starts and ends (tag included), and its payload (delimited) or value (varint).
/// </summary>
internal readonly record struct ProtoField(int Number, int WireType, long Start, long End, long Payload, long Length, ulong Value);

/// <summary>Builds a protobuf message in memory; nested messages are written by a callback and length-prefixed.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "A MemoryStream holds no unmanaged resource (its Dispose only marks it closed); a writer is dropped after ToArray.")]
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public long Length => _buffer.Length;

    public byte[] ToArray() => _buffer.ToArray();

    public ProtoWriter Int(int field, long value)
    {
        Key(field, Proto.Varint);
        WriteVarint(_buffer, (ulong)value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Key(field, Proto.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BitConverter.TryWriteBytes(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, Proto.Delimited);
        WriteVarint(_buffer, (ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        return Bytes(field, nested._buffer.GetBuffer().AsSpan(0, (int)nested._buffer.Length));
    }

    /// <summary>A field's key and length prefix alone, for a payload the caller streams after it.</summary>
    public static void WriteHeader(Stream target, int field, long payloadLength)
    {
        WriteVarint(target, ((ulong)field << 3) | Proto.Delimited);
        WriteVarint(target, (ulong)payloadLength);
    }

    public static int HeaderSize(int field, long payloadLength) =>
        Proto.VarintSize(((ulong)field << 3) | Proto.Delimited) + Proto.VarintSize((ulong)payloadLength);

    private void Key(int field, int wireType) => WriteVarint(_buffer, ((ulong)field << 3) | (uint)wireType);

    private static void WriteVarint(Stream target, ulong value)
    {
        while (value >= 0x80)
        {
            target.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        target.WriteByte((byte)value);
    }
}
