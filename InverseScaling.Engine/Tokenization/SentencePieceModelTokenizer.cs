using System.Text;
using Microsoft.ML.Tokenizers;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// A SentencePiece <c>.model</c> (llama-style BPE with a dummy "▁" prefix) through Microsoft.ML.Tokenizers'
/// <see cref="LlamaTokenizer"/>.
/// </summary>
/// <remarks>
/// LlamaTokenizer 2.0.1 returns no ids at all when the normalised text is a single character ("x", "I", "x "),
/// which would silently score an empty class. That case is encoded here exactly as SentencePiece BPE would:
/// "▁c" when the vocabulary has it, otherwise "▁" followed by c (or its UTF-8 byte pieces).
/// </remarks>
internal sealed class SentencePieceModelTokenizer : ITextTokenizer
{
    private const string Space = "\u2581";
    private readonly LlamaTokenizer _tokenizer;
    private readonly IReadOnlyDictionary<string, int> _vocabulary;
    private readonly string[] _pieces;

    public SentencePieceModelTokenizer(Stream model)
    {
        _tokenizer = LlamaTokenizer.Create(model, addBeginOfSentence: false, addEndOfSentence: false);
        _vocabulary = _tokenizer.Vocabulary;
        _pieces = new string[_vocabulary.Values.Max() + 1];
        foreach (var (piece, id) in _vocabulary)
        {
            _pieces[id] = piece;
        }
    }

    public int VocabularySize => _pieces.Length;

    public int? BosId => _tokenizer.BeginningOfSentenceId;

    public int[] Encode(string text)
    {
        var ids = _tokenizer.EncodeToIds(text);
        if (ids.Count > 0)
        {
            return [.. ids];
        }

        var trimmed = text.Trim(' ');
        return trimmed.EnumerateRunes().Count() switch
        {
            0 => [],
            1 => EncodeSingleSymbol(trimmed),
            _ => throw new InvalidOperationException($"SentencePiece returned no tokens for \"{text}\"."),
        };
    }

    public string TokenText(int id)
    {
        if ((uint)id >= (uint)_pieces.Length || _pieces[id] is null)
        {
            return $"<{id}>";
        }

        var piece = _pieces[id];
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece.EndsWith('>')
            ? piece
            : piece.Replace(Space, " ", StringComparison.Ordinal);
    }

    public string Decode(IEnumerable<int> ids) => _tokenizer.Decode(ids) ?? "";

    private int[] EncodeSingleSymbol(string symbol)
    {
        if (_vocabulary.TryGetValue(Space + symbol, out var merged))
        {
            return [merged];
        }

        var ids = new List<int> { _vocabulary[Space] };
        if (_vocabulary.TryGetValue(symbol, out var single))
        {
            ids.Add(single);
            return [.. ids];
        }

        foreach (var b in Encoding.UTF8.GetBytes(symbol))
        {
            ids.Add(_vocabulary.TryGetValue($"<0x{b:X2}>", out var byteId) ? byteId : _tokenizer.UnknownId);
        }

        return [.. ids];
    }
}
