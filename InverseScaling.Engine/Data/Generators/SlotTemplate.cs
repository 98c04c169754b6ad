using System.Text;

namespace InverseScaling.Engine.Data.Generators;

/// <summary>
/// A string with <c>{slot}</c> or <c>{slot.field}</c> placeholders; <c>{{</c> and <c>}}</c> are literal braces.
/// Parsed once, so every placeholder can be checked against the spec before anything is generated.
/// </summary>
internal sealed class SlotTemplate
{
    private SlotTemplate(string source, IReadOnlyList<Part> parts)
    {
        Source = source;
        Parts = parts;
    }

    /// <summary>A literal run (<see cref="Name"/> null) or a placeholder.</summary>
    internal readonly record struct Part(string? Literal, string? Name, string? Field);

    public string Source { get; }

    public IReadOnlyList<Part> Parts { get; }

    public IEnumerable<Part> Placeholders => Parts.Where(p => p.Name is not null);

    /// <summary>Parses <paramref name="text"/>; a malformed placeholder yields an error message instead.</summary>
    public static SlotTemplate Parse(string text, out string? error)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        error = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '{' or '}' && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                error = $"a lone '}}' at character {i + 1} of \"{text}\" (write '}}}}' for a literal brace)";
                break;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            var inner = end < 0 ? null : text[(i + 1)..end];
            var dot = inner?.IndexOf('.') ?? -1;
            var name = dot < 0 ? inner : inner![..dot];
            var field = dot < 0 ? null : inner![(dot + 1)..];
            if (inner is null || !IsIdentifier(name) || (field is not null && !IsIdentifier(field)))
            {
                error = $"a malformed placeholder at character {i + 1} of \"{text}\": expected {{name}} or {{name.field}} (write '{{{{' for a literal brace)";
                break;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null));
                literal.Clear();
            }

            parts.Add(new Part(null, name, field));
            i = end;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, null));
        }

        return new SlotTemplate(text, parts);
    }

    private static bool IsIdentifier(string? s) =>
        !string.IsNullOrEmpty(s) && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}
