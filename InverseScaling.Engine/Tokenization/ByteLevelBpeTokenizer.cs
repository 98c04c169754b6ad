using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// Byte-level BPE from a Hugging Face <c>tokenizer.json</c> (GPT-2, Llama-3, Qwen), in the order the Hugging Face
/// pipeline applies its steps: added tokens (special or not, longest first) are split out of the raw text, the rest is
/// normalised (NFC where the file asks), cut into words by the file's own pre-tokenizer regex (GPT-2's when it has
/// none), and each word is byte-level encoded and merged by Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>; with
/// <c>ignore_merges</c> a word that is itself a token is taken whole, as Llama-3 does.
/// </summary>
internal sealed partial class ByteLevelBpeTokenizer : ITextTokenizer
{
    /// <summary>GPT-2's byte → printable character table (bytes_to_unicode), which byte-level vocabularies are written in.</summary>
    private static readonly char[] ByteToChar = BuildByteTable();

    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private readonly BpeTokenizer _bpe;
    private readonly Regex _words;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<int, string> _tokens;
    private readonly AddedTokens _added;
    private readonly Dictionary<int, string> _addedById;
    private readonly bool _ignoreMerges;
    private readonly bool _nfc;

    public ByteLevelBpeTokenizer(TokenizerJson json, int? bosId)
    {
        _vocabulary = json.Vocabulary;
        _tokens = json.Vocabulary.ToDictionary(p => p.Value, p => p.Key);
        _added = new AddedTokens(json.AddedTokens);
        _addedById = json.AddedTokens.ToDictionary(p => p.Value, p => p.Key);
        _words = json.SplitPattern is { } pattern ? new Regex(pattern, RegexOptions.CultureInvariant) : Gpt2Words();
        _ignoreMerges = json.IgnoreMerges;
        _nfc = json.HasNfcNormalizer;
        _bpe = BpeTokenizer.Create(new BpeOptions(json.Vocabulary)
        {
            Merges = json.Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
            // Words arrive already split; the tokenizer merges each as one piece.
            PreTokenizer = new RegexPreTokenizer(WholeText(), null),
        });
        BosId = bosId;
        VocabularySize = Math.Max(json.Vocabulary.Values.Max(), json.AddedTokens.Values.DefaultIfEmpty(0).Max()) + 1;
    }

    public int VocabularySize { get; }

    public int? BosId { get; }

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        _added.Encode(text, ids, EncodeText);
        return [.. ids];
    }

    public string TokenText(int id) => Decode([id]);

    public string Decode(IEnumerable<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (_addedById.TryGetValue(id, out var added))
            {
                Flush();
                text.Append(added);
            }
            else if (_tokens.TryGetValue(id, out var token))
            {
                bytes.AddRange(token.Select(c => CharToByte.TryGetValue(c, out var b) ? b : (byte)'?'));
            }
            else
            {
                Flush();
                text.Append($"<{id}>");
            }
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    private void EncodeText(string text, List<int> ids)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (_nfc)
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        // Split keeps what the pattern does not match as words of its own ("Isolated" behaviour).
        var start = 0;
        foreach (Match word in _words.Matches(text))
        {
            EncodeWord(text[start..word.Index], ids);
            EncodeWord(word.Value, ids);
            start = word.Index + word.Length;
        }

        EncodeWord(text[start..], ids);
    }

    private void EncodeWord(string word, List<int> ids)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (_ignoreMerges && _vocabulary.TryGetValue(ToByteLevel(word), out var whole))
        {
            ids.Add(whole);
            return;
        }

        ids.AddRange(_bpe.EncodeToIds(word));
    }

    private static string ToByteLevel(string word) =>
        string.Create(Encoding.UTF8.GetByteCount(word), word, (span, w) =>
        {
            var i = 0;
            foreach (var b in Encoding.UTF8.GetBytes(w))
            {
                span[i++] = ByteToChar[b];
            }
        });

    private static char[] BuildByteTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = (char)(printable ? b : next++);
        }

        return table;
    }

    /// <summary>GPT-2's pre-tokenizer pattern (contractions, letters, digits, other symbols, whitespace).</summary>
    [GeneratedRegex(@"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Words();

    [GeneratedRegex(@"(?s).+")]
    private static partial Regex WholeText();
}
