using System.Globalization;
using System.Text;

namespace InverseScaling.Engine.Data;

/// <summary>
/// Parses the <c>classes</c> field of the official files: a Python list (or tuple) of string literals, written by
/// Python's <c>repr</c> and read back by the official loader with <c>ast.literal_eval</c>. Splitting on quotes, as
/// some third-party loaders do, breaks memo-trap's <c>[' proceed.', " don't."]</c>; this parser follows Python's
/// string-literal grammar instead (both quote styles, triple quotes, <c>r</c>/<c>u</c> prefixes, every escape).
/// </summary>
internal static class PythonListLiteral
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="PythonLiteralException"/> with a 1-based column.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text).ParseList();
    }

    /// <summary>Parses without throwing; <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string text, out IReadOnlyList<string> items, out PythonLiteralException? error)
    {
        try
        {
            items = Parse(text);
            error = null;
            return true;
        }
        catch (PythonLiteralException e)
        {
            items = [];
            error = e;
            return false;
        }
    }

    /// <summary>Python's <c>repr</c> of a list of strings, as the official files store classes (<c>[' A', ' B']</c>).</summary>
    public static string Format(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return "[" + string.Join(", ", items.Select(Repr)) + "]";
    }

    /// <summary>
    /// Python's <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote; backslash,
    /// the chosen quote and non-printable characters escaped. Non-ASCII printable characters are kept as they are.
    /// </summary>
    public static string Repr(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (rune.Value == quote)
                    {
                        sb.Append('\\').Append(quote);
                    }
                    else if (IsPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x100)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $@"\x{rune.Value:x2}");
                    }
                    else if (rune.Value < 0x10000)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $@"\u{rune.Value:x4}");
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $@"\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        return sb.Append(quote).ToString();
    }

    // Python's str.isprintable: everything except control, format, separator (but the plain space) and unassigned.
    private static bool IsPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };

    private sealed class Parser(string text)
    {
        private int _pos;

        public IReadOnlyList<string> ParseList()
        {
            SkipWhitespace();
            if (_pos >= text.Length)
            {
                throw Error("expected a list like [' A', ' B'] but the text is empty");
            }

            var open = text[_pos];
            if (open is not ('[' or '('))
            {
                throw Error($"expected '[' or '(' to start a list of strings, found {Describe(_pos)}");
            }

            var close = open == '[' ? ']' : ')';
            _pos++;
            var items = new List<string>();
            var sawComma = false;
            while (true)
            {
                SkipWhitespace();
                if (_pos >= text.Length)
                {
                    throw Error($"the list is not closed: expected '{close}'");
                }

                if (text[_pos] == close)
                {
                    // ('x') is a parenthesised string in Python, not a tuple; only ('x',) is a tuple.
                    if (open == '(' && items.Count == 1 && !sawComma)
                    {
                        throw Error("a parenthesised single string is not a tuple; write (' x',) or [' x']");
                    }

                    _pos++;
                    break;
                }

                if (items.Count > 0 && !sawComma)
                {
                    throw Error(text[_pos] is '\'' or '"' || IsPrefixedString()
                        ? "expected ',' between two strings (Python would silently join them into one)"
                        : $"expected ',' or '{close}', found {Describe(_pos)}");
                }

                items.Add(ParseString());
                SkipWhitespace();
                sawComma = _pos < text.Length && text[_pos] == ',';
                if (sawComma)
                {
                    _pos++;
                }
            }

            SkipWhitespace();
            if (_pos < text.Length)
            {
                throw Error($"unexpected {Describe(_pos)} after the end of the list");
            }

            return items;
        }

        private bool IsPrefixedString()
        {
            var i = _pos;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            return i > _pos && i - _pos <= 2 && i < text.Length && text[i] is '\'' or '"';
        }

        private string ParseString()
        {
            var start = _pos;
            while (_pos < text.Length && char.IsAsciiLetter(text[_pos]))
            {
                _pos++;
            }

            var prefix = text[start.._pos].ToLowerInvariant();
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
            {
                _pos = start;
                throw Error($"expected a quoted string, found {Describe(start)}");
            }

            if (prefix is not ("" or "r" or "u"))
            {
                _pos = start;
                throw Error(prefix is "b" or "br" or "rb" or "f" or "fr" or "rf"
                    ? $"'{text[start..(start + prefix.Length)]}' strings are not allowed: only plain string literals (no bytes, no f-strings)"
                    : $"'{text[start..(start + prefix.Length)]}' is not a Python string prefix");
            }

            var raw = prefix == "r";
            var quote = text[_pos];
            var triple = _pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote;
            var openAt = _pos;
            _pos += triple ? 3 : 1;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    _pos = openAt;
                    throw Error("the string that starts here is not closed");
                }

                var c = text[_pos];
                if (c == quote && (!triple || (_pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote)))
                {
                    _pos += triple ? 3 : 1;
                    return sb.ToString();
                }

                if (c is '\n' or '\r' && !triple)
                {
                    throw Error("a line break inside a single-quoted string (write it as \\n)");
                }

                if (c == '\\')
                {
                    if (raw)
                    {
                        // In a raw string a backslash stays, and it only stops the next character from ending the string.
                        sb.Append(c);
                        _pos++;
                        if (_pos < text.Length)
                        {
                            sb.Append(text[_pos]);
                            _pos++;
                        }

                        continue;
                    }

                    ParseEscape(sb);
                    continue;
                }

                sb.Append(c);
                _pos++;
            }
        }

        private void ParseEscape(StringBuilder sb)
        {
            var escapeAt = _pos;
            _pos++;
            if (_pos >= text.Length)
            {
                _pos = escapeAt;
                throw Error("a backslash at the end of the text");
            }

            var c = text[_pos++];
            switch (c)
            {
                case '\n': break; // line continuation
                case '\r':
                    if (_pos < text.Length && text[_pos] == '\n')
                    {
                        _pos++;
                    }

                    break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x': AppendCodePoint(sb, ReadHex(2, escapeAt), escapeAt); break;
                case 'u': AppendCodePoint(sb, ReadHex(4, escapeAt), escapeAt); break;
                case 'U': AppendCodePoint(sb, ReadHex(8, escapeAt), escapeAt); break;
                case 'N':
                    _pos = escapeAt;
                    throw Error(@"\N{...} named escapes are not supported; write the character itself or \uXXXX");
                case >= '0' and <= '7':
                    var value = c - '0';
                    for (var n = 1; n < 3 && _pos < text.Length && text[_pos] is >= '0' and <= '7'; n++)
                    {
                        value = value * 8 + (text[_pos++] - '0');
                    }

                    AppendCodePoint(sb, value, escapeAt);
                    break;
                default:
                    // Python keeps an unknown escape as written (backslash included), with only a warning.
                    sb.Append('\\').Append(c);
                    break;
            }
        }

        private int ReadHex(int digits, int escapeAt)
        {
            // AllowHexSpecifier takes hex digits only (no sign, no spaces); 8 digits above 7FFFFFFF wrap negative
            // and are refused as out of range by the caller.
            if (_pos + digits > text.Length
                || !int.TryParse(text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                _pos = escapeAt;
                throw Error($"truncated \\{text[escapeAt + 1]} escape: expected {digits} hex digits");
            }

            _pos += digits;
            return value;
        }

        private void AppendCodePoint(StringBuilder sb, int value, int escapeAt)
        {
            if (value is < 0 or > 0x10FFFF)
            {
                _pos = escapeAt;
                throw Error("escape is outside the Unicode range");
            }

            // Python strings may hold lone surrogates; so may .NET strings, so keep them as they are.
            if (value is >= 0xD800 and <= 0xDFFF)
            {
                sb.Append((char)value);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(value));
            }
        }

        private void SkipWhitespace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _pos++;
            }
        }

        private string Describe(int at) => at >= text.Length ? "the end of the text" : $"'{text[at]}'";

        private PythonLiteralException Error(string message) => new(message, _pos + 1);
    }
}

/// <summary>A <c>classes</c> value that is not a Python list of string literals.</summary>
internal sealed class PythonLiteralException(string reason, int column)
    : FormatException($"{reason} (column {column})")
{
    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = reason;

    /// <summary>1-based character position in the parsed text.</summary>
    public int Column { get; } = column;
}
