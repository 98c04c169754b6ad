using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// A tokenizer.json's added tokens (special or not), which Hugging Face tokenizers cut out of the raw text before
/// normalising or splitting anything else, the longest first where one contains another.
/// </summary>
internal sealed class AddedTokens
{
    private readonly Dictionary<string, int> _ids;
    private readonly Regex? _splitter;

    public AddedTokens(Dictionary<string, int> ids)
    {
        _ids = ids;
        _splitter = ids.Count == 0
            ? null
            : new Regex(string.Join('|', ids.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)), RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="ids"/>: each added token as its id, each stretch between
    /// them (never empty) through <paramref name="encodeText"/>.
    /// </summary>
    public void Encode(string text, List<int> ids, Action<string, List<int>> encodeText)
    {
        var start = 0;
        for (var match = _splitter?.Match(text); match is { Success: true }; match = match.NextMatch())
        {
            if (match.Index > start)
            {
                encodeText(text[start..match.Index], ids);
            }

            ids.Add(_ids[match.Value]);
            start = match.Index + match.Length;
        }

        if (start < text.Length)
        {
            encodeText(text[start..], ids);
        }
    }
}
