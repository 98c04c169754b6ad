using System.Text;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// The Hugging Face BPE of SentencePiece-converted tokenizers (TinyStories-656K, Llama's and Gemma's tokenizer.json):
/// added tokens are cut out of the text first; in each stretch between them the normaliser turns spaces into "▁" and
/// (Llama, not Gemma) prepends one; there is no effective pre-tokenizer (the whole stretch is one word, so pieces
/// cross word boundaries); merges apply lowest rank first (leftmost on ties); characters outside the vocabulary fall
/// back to their UTF-8 byte pieces or to a fused <c>&lt;unk&gt;</c>.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' BpeTokenizer does not reproduce this tokenisation (shared/models/README.md §4), so the
/// merge-rank algorithm is implemented here, in O(n log n) with a priority queue over adjacent pairs.
/// </remarks>
internal sealed class SentencePieceBpeTokenizer : ITextTokenizer
{
    private const char Space = '\u2581';
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string[] _pieces;
    // long's own hash is left ^ right, so (a, b) and (b, a), or any two pairs with the same XOR, collide: with Gemma-3's
    // 514k merges over a 262k vocabulary, memo-trap's 936 prompts took 0.45–0.96 s to tokenise, and 0.13–0.23 s with this hash.
    private readonly Dictionary<long, (int Rank, int Merged)> _merges = new(PairHash.Instance);
    private readonly int _unknownId;
    private readonly bool _fuseUnknown;
    private readonly bool _byteFallback;
    private readonly bool _prependsSpace;
    private readonly AddedTokens _added;

    public SentencePieceBpeTokenizer(TokenizerJson json)
    {
        _vocabulary = json.Vocabulary;
        foreach (var (token, id) in json.AddedTokens)
        {
            _vocabulary.TryAdd(token, id);
        }

        _added = new AddedTokens(json.AddedTokens);
        _prependsSpace = json.PrependsSpaceMarker;

        _pieces = new string[_vocabulary.Values.Max() + 1];
        foreach (var (piece, id) in _vocabulary)
        {
            _pieces[id] = piece;
        }

        for (var rank = 0; rank < json.Merges.Count; rank++)
        {
            var (left, right) = json.Merges[rank];
            if (_vocabulary.TryGetValue(left, out var l) && _vocabulary.TryGetValue(right, out var r)
                && _vocabulary.TryGetValue(left + right, out var merged))
            {
                _merges.TryAdd(PairKey(l, r), (rank, merged));
            }
        }

        _unknownId = json.UnknownToken is not null && _vocabulary.TryGetValue(json.UnknownToken, out var unk) ? unk : -1;
        _fuseUnknown = json.FuseUnknown;
        _byteFallback = json.ByteFallback;
        BosId = json.BosToken is not null && _vocabulary.TryGetValue(json.BosToken, out var bos) ? bos : null;
    }

    public int VocabularySize => _pieces.Length;

    public int? BosId { get; }

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        _added.Encode(text, ids, (stretch, into) =>
            into.AddRange(Merge(InitialSymbols((_prependsSpace ? Space + stretch : stretch).Replace(' ', Space)))));
        return [.. ids];
    }

    public string TokenText(int id) =>
        (uint)id < (uint)_pieces.Length && _pieces[id] is { } piece ? piece.Replace(Space, ' ') : $"<{id}>";

    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            // Llama's decoder drops the BOS and strips the dummy prefix's space; Gemma's keeps every token as written.
            if ((_prependsSpace && id == BosId) || id < 0 || id >= _pieces.Length || _pieces[id] is null)
            {
                continue;
            }

            var piece = _pieces[id];
            if (TryByte(piece, out var b))
            {
                bytes.Add(b);
                continue;
            }

            FlushBytes(bytes, text);
            text.Append(piece.Replace(Space, ' '));
        }

        FlushBytes(bytes, text);
        return _prependsSpace && text.Length > 0 && text[0] == ' ' ? text.ToString(1, text.Length - 1) : text.ToString();
    }

    /// <summary>One symbol per code point (or its byte pieces); <c>Mergeable</c> is false for &lt;unk&gt;.</summary>
    private List<(int Id, bool Mergeable)> InitialSymbols(string normalized)
    {
        var symbols = new List<(int Id, bool Mergeable)>(normalized.Length);
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (_vocabulary.TryGetValue(rune.ToString(), out var id))
            {
                symbols.Add((id, true));
                continue;
            }

            if (_byteFallback && TryBytePieces(rune, out var byteIds))
            {
                symbols.AddRange(byteIds.Select(b => (b, true)));
                continue;
            }

            if (!(_fuseUnknown && symbols.Count > 0 && !symbols[^1].Mergeable))
            {
                symbols.Add((_unknownId, false));
            }
        }

        return symbols;
    }

    private int[] Merge(List<(int Id, bool Mergeable)> symbols)
    {
        var n = symbols.Count;
        var ids = new int[n];
        var mergeable = new bool[n];
        var next = new int[n];
        var previous = new int[n];
        for (var i = 0; i < n; i++)
        {
            (ids[i], mergeable[i]) = symbols[i];
            next[i] = i + 1 < n ? i + 1 : -1;
            previous[i] = i - 1;
        }

        // Candidate pairs keyed by (rank, left position): lowest rank first, leftmost on ties. Entries go stale when
        // a neighbour merges; they are re-checked when popped.
        var queue = new PriorityQueue<int, (int Rank, int Position)>();
        void Offer(int left)
        {
            var right = left < 0 ? -1 : next[left];
            if (right >= 0 && mergeable[left] && mergeable[right] && _merges.TryGetValue(PairKey(ids[left], ids[right]), out var merge))
            {
                queue.Enqueue(left, (merge.Rank, left));
            }
        }

        for (var i = 0; i < n; i++)
        {
            Offer(i);
        }

        while (queue.TryDequeue(out var left, out var priority))
        {
            var right = next[left];
            if (ids[left] < 0 || right < 0
                || !_merges.TryGetValue(PairKey(ids[left], ids[right]), out var merge) || merge.Rank != priority.Rank)
            {
                continue;
            }

            ids[left] = merge.Merged;
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = left;
            }

            Offer(previous[left]);
            Offer(left);
        }

        var result = new List<int>(n);
        for (var i = n > 0 ? 0 : -1; i >= 0; i = next[i])
        {
            result.Add(ids[i]);
        }

        return [.. result];
    }

    private bool TryBytePieces(Rune rune, out int[] byteIds)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        byteIds = new int[length];
        for (var i = 0; i < length; i++)
        {
            if (!_vocabulary.TryGetValue($"<0x{utf8[i]:X2}>", out byteIds[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryByte(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }

    private static void FlushBytes(List<byte> bytes, StringBuilder text)
    {
        if (bytes.Count > 0)
        {
            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Fibonacci hashing of the pair key: both halves reach every bit of the hash.</summary>
    private sealed class PairHash : IEqualityComparer<long>
    {
        public static readonly PairHash Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
