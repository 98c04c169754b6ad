using InverseScaling.Engine.Data;
using Microsoft.ML.Tokenizers;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// Turns a tokenizer file into an <see cref="ITextTokenizer"/>, choosing the implementation by format:
/// SentencePiece <c>.model</c>, Hugging Face <c>tokenizer.json</c> (byte-level GPT-2 BPE or SentencePiece-style BPE),
/// or a tiktoken rank file (<c>*.tiktoken</c>).
/// </summary>
internal static class TokenizerLoader
{
    /// <summary>tiktoken files carry only ranks; the regex and special tokens come from the encoding the file is named after.</summary>
    private static readonly Dictionary<string, string> TiktokenModelByEncoding = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt2"] = "gpt2",
        ["r50k_base"] = "gpt2",
        ["p50k_base"] = "text-davinci-003",
        ["cl100k_base"] = "gpt-4",
        ["o200k_base"] = "gpt-4o",
    };

    /// <exception cref="ModelFormatException">The file is missing, unreadable, or of a kind no tokenizer here handles.</exception>
    public static ITextTokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "tokenizer file not found");
        }

        var name = Path.GetFileName(path);
        try
        {
            if (name.EndsWith(".model", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = File.OpenRead(path);
                return new SentencePieceModelTokenizer(stream);
            }

            if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return FromTokenizerJson(TokenizerJson.Read(path));
            }

            if (name.EndsWith(".tiktoken", StringComparison.OrdinalIgnoreCase))
            {
                return FromTiktoken(path);
            }
        }
        catch (Exception e) when (e is not ModelFormatException and not OutOfMemoryException)
        {
            throw new ModelFormatException(path, $"cannot read tokenizer: {e.Message}", inner: e);
        }

        throw new ModelFormatException(
            path, "unknown tokenizer format: expected a SentencePiece .model, a Hugging Face tokenizer.json or a .tiktoken rank file");
    }

    private static ITextTokenizer FromTokenizerJson(TokenizerJson json)
    {
        if (json.ModelType != "BPE")
        {
            throw new ModelFormatException(json.Path, $"tokenizer model type \"{json.ModelType}\" is not supported (only BPE)");
        }

        if (json.PreTokenizerTypes.Contains("ByteLevel"))
        {
            return ByteLevelBpe(json);
        }

        if (json.HasSentencePieceNormalizer && json.PreTokenizersAreInert)
        {
            return new SentencePieceBpeTokenizer(json);
        }

        throw new ModelFormatException(
            json.Path,
            $"BPE with pre-tokenizer [{string.Join(", ", json.PreTokenizerTypes)}] is not supported "
            + "(supported: GPT-2 byte-level, or SentencePiece-style with a \"▁\" normaliser and no pre-tokenizer but a split on spaces)");
    }

    /// <summary>Byte-level BPE (GPT-2, Llama-3, Qwen); BOS is the post-processor's first token, else GPT-2's &lt;|endoftext|&gt;.</summary>
    private static ITextTokenizer ByteLevelBpe(TokenizerJson json)
    {
        var bos = json.BosToken ?? (json.SpecialTokens.ContainsKey(EndOfText) ? EndOfText : null);
        int? bosId = bos is not null && json.AddedTokens.TryGetValue(bos, out var id) ? id : null;
        return new ByteLevelBpeTokenizer(json, bosId);
    }

    private static ITextTokenizer FromTiktoken(string path)
    {
        var encoding = Path.GetFileNameWithoutExtension(path);
        if (!TiktokenModelByEncoding.TryGetValue(encoding, out var model))
        {
            throw new ModelFormatException(
                path, $"unknown tiktoken encoding \"{encoding}\": name the file after its encoding ({string.Join(", ", TiktokenModelByEncoding.Keys)})");
        }

        using var stream = File.OpenRead(path);
        var tokenizer = TiktokenTokenizer.CreateForModel(model, stream);
        // Each line of the rank file is "<base64 bytes> <rank>"; ranks are the ids.
        var maxRank = File.ReadLines(path).Where(l => l.Length > 0).Max(l => int.Parse(l.AsSpan(l.LastIndexOf(' ') + 1)));
        var size = Math.Max(maxRank, tokenizer.SpecialTokens?.Values.DefaultIfEmpty(0).Max() ?? 0) + 1;
        int? bosId = tokenizer.SpecialTokens is { } special && special.TryGetValue(EndOfText, out var id) ? id : null;
        return new MlTokenizerAdapter(tokenizer, size, bosId);
    }

    private const string EndOfText = "<|endoftext|>";
}
