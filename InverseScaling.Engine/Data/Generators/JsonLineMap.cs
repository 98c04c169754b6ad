using System.Text.Json;

namespace InverseScaling.Engine.Data.Generators;

/// <summary>
/// Maps JSON paths (<c>$.slots.pair[2].a</c>) to the 1-based line they start on, so that an error in a spec can
/// name the line as well as the path (System.Text.Json's DOM keeps no positions).
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = [];

    public JsonLineMap(ReadOnlySpan<byte> utf8)
    {
        var newlines = new List<long>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<(bool IsArray, string Path, int Next)>();
        string? property = null;
        while (reader.Read())
        {
            var index = newlines.BinarySearch(reader.TokenStartIndex);
            var line = (index < 0 ? ~index : index) + 1;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    _lines.TryAdd(Child(stack, property!), line);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var path = ValuePath(stack, property);
                    _lines.TryAdd(path, line);
                    stack.Add((reader.TokenType == JsonTokenType.StartArray, path, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    break;
                default:
                    _lines.TryAdd(ValuePath(stack, property), line);
                    break;
            }
        }
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest ancestor that has one.</summary>
    public int LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
        }

        return 1;
    }

    public static string Child(string parent, string name) => parent + "." + name;

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    private static string Child(List<(bool IsArray, string Path, int Next)> stack, string name) =>
        Child(stack.Count == 0 ? "$" : stack[^1].Path, name);

    private static string ValuePath(List<(bool IsArray, string Path, int Next)> stack, string? property)
    {
        if (stack.Count == 0)
        {
            return "$";
        }

        var top = stack[^1];
        if (!top.IsArray)
        {
            return Child(top.Path, property!);
        }

        stack[^1] = top with { Next = top.Next + 1 };
        return Item(top.Path, top.Next);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
