using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Data;

/// <summary>
/// A prompt in the shape of pattern-matching suppression: an instruction, then on the last line an alternating
/// sequence of two symbols, comma-separated with a trailing comma (<c>A, B, A, B, A,</c>). Recognised by shape, so it
/// works on the official file, on generated tasks and on any user task written the same way.
/// </summary>
/// <param name="First">The symbol the sequence starts with (and, with an odd length, ends with).</param>
/// <param name="Second">The other symbol.</param>
/// <param name="Shown">How many symbols the sequence shows.</param>
/// <param name="Repetitions">How many times the pair is shown, counting a final lone symbol as one: ⌈Shown/2⌉
/// (the official example shows 2k−1 = 5 symbols for k = 3 and asks for 6).</param>
/// <param name="NumSymbols">The first number in the instruction (the length asked for), if any.</param>
/// <param name="Template">The prompt with the sequence, the symbols and the numbers masked.</param>
internal sealed partial record PatternPrompt(string First, string Second, int Shown, int Repetitions, int? NumSymbols, string Template)
{
    public const string SequenceSlot = "{sequence}";
    public const string SymbolsSlot = "{symbols}";
    public const string SymbolSlot = "{symbol}";
    public const string NumberSlot = "{n}";

    private static readonly string[] PairSeparators = [", ", " and ", " or ", " / ", "/", " & ", ",", " "];
    private static readonly (string Open, string Close)[] Quotes = [("\"", "\""), ("'", "'"), ("“", "”"), ("‘", "’"), ("(", ")"), ("[", "]")];

    /// <summary>Recognises the shape, or returns null.</summary>
    public static PatternPrompt? TryParse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var trimmed = prompt.TrimEnd();
        var lineStart = trimmed.LastIndexOf('\n') + 1;
        var sequence = trimmed[lineStart..].Trim();
        if (!sequence.EndsWith(','))
        {
            return null;
        }

        var items = sequence[..^1].Split(',').Select(s => s.Trim()).ToArray();
        if (items.Length < 3 || items.Any(s => s.Length == 0) || items[0] == items[1])
        {
            return null;
        }

        for (var i = 2; i < items.Length; i++)
        {
            if (items[i] != items[i % 2])
            {
                return null;
            }
        }

        // In a k-shot prompt only the last block is this example's instruction.
        var blockStart = lineStart == 0 ? -1 : trimmed.LastIndexOf(FewShotBuilder.Separator, lineStart - 1, StringComparison.Ordinal);
        var instruction = trimmed[(blockStart < 0 ? 0 : blockStart + FewShotBuilder.Separator.Length)..lineStart];
        // Numbers are looked for after the symbols are masked, so that the digits of a "0 1" pattern are not taken for the length.
        var masked = MaskSymbols(instruction, items[0], items[1]);
        var number = NumberPattern().Match(masked);
        int? numSymbols = number.Success && int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var template = NumberPattern().Replace(masked, NumberSlot) + SequenceSlot;
        return new PatternPrompt(items[0], items[1], items.Length, (items.Length + 1) / 2, numSymbols, template);
    }

    /// <summary>
    /// Masks the symbols. Pairs are masked wherever written ("(A B)", "A and B"); a lone symbol only where it cannot
    /// be ordinary text, quoted or bracketed: an unquoted "a" or "two" is more likely the article or the number
    /// ("between two symbols") than the symbol.
    /// </summary>
    private static string MaskSymbols(string instruction, string a, string b)
    {
        var text = instruction;
        foreach (var (x, y) in new[] { (a, b), (b, a) })
        {
            foreach (var separator in PairSeparators)
            {
                text = ReplaceWord(text, x + separator + y, SymbolsSlot);
            }
        }

        foreach (var symbol in new[] { a, b })
        {
            foreach (var (open, close) in Quotes)
            {
                text = text.Replace(open + symbol + close, open + SymbolSlot + close, StringComparison.Ordinal);
            }
        }

        return text;
    }

    // Replaces whole-word occurrences only, so that masking "i" or "one" leaves "give" and "someone" alone.
    // (Plain string search: a Regex per symbol pair would be rebuilt for every prompt.)
    private static string ReplaceWord(string text, string word, string replacement)
    {
        var sb = new StringBuilder(text.Length);
        var from = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            if (at < from || (at > 0 && IsWordChar(text[at - 1])) || (end < text.Length && IsWordChar(text[end])))
            {
                continue;
            }

            sb.Append(text, from, at - from).Append(replacement);
            from = end;
        }

        return from == 0 ? text : sb.Append(text, from, text.Length - from).ToString();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    [GeneratedRegex("[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
