using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using InverseScaling.Engine.Tokenization;

namespace InverseScaling.Benchmarks;

/// <summary>
/// A stand-in for the Llama-2 tokenizer (not shipped: Meta's licence) that gives random-weight graphs realistic token
/// counts: a word of up to 7 letters with its leading space is one token, the rest of a longer word one per 6 letters,
/// digits and punctuation one each; ids are a hash of the piece in [3, 32000). Timing needs only plausible ids and lengths.
/// </summary>
internal sealed partial class WordPieceHashTokenizer : ITextTokenizer
{
    private readonly ConcurrentDictionary<int, string> _pieces = new();

    public int VocabularySize => 32000;

    public int? BosId => 1;

    public int[] Encode(string text) => [.. Piece().Matches(text).Select(m => Id(m.Value))];

    public string TokenText(int id) => _pieces.GetValueOrDefault(id, $"<{id}>");

    public string Decode(IEnumerable<int> ids) => string.Concat(ids.Select(TokenText));

    private int Id(string piece)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(piece))
        {
            hash = (hash ^ b) * 16777619u;
        }

        var id = (int)(hash % 31997) + 3;
        _pieces.TryAdd(id, piece);
        return id;
    }

    [GeneratedRegex(@" ?\p{L}{1,7}|\p{L}{1,6}| ?\d| ?[^\s\p{L}\d]|\s")]
    private static partial Regex Piece();
}
