using System.Text.Json;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// The parts of a Hugging Face <c>tokenizer.json</c> that the BPE tokenizers need. Microsoft.ML.Tokenizers 2.0.1
/// has no loader for this format, so the vocabulary and merges are read here and handed to it (or to
/// <see cref="SentencePieceBpeTokenizer"/>).
/// </summary>
internal sealed class TokenizerJson
{
    private TokenizerJson(string path, JsonElement root)
    {
        Path = path;
        var model = root.GetProperty("model");
        ModelType = model.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
        Vocabulary = ReadVocabulary(path, model);
        Merges = ReadMerges(path, model);
        UnknownToken = model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null;
        FuseUnknown = model.TryGetProperty("fuse_unk", out var fuse) && fuse.ValueKind == JsonValueKind.True;
        ByteFallback = model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True;
        PreTokenizers = root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind == JsonValueKind.Object ? [.. Flatten(pre, "pretokenizers")] : [];
        PreTokenizerTypes = [.. PreTokenizers.Select(TypeOf)];
        SplitPattern = ReadSplitPattern();
        IgnoreMerges = model.TryGetProperty("ignore_merges", out var ignore) && ignore.ValueKind == JsonValueKind.True;
        Normalizers = root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
            ? Flatten(normalizer, "normalizers").ToList()
            : [];
        SpecialTokens = ReadAddedTokens(root, specialOnly: true);
        AddedTokens = ReadAddedTokens(root, specialOnly: false);
        BosToken = ReadTemplateBos(root);
    }

    public string Path { get; }

    public string ModelType { get; }

    public Dictionary<string, int> Vocabulary { get; }

    /// <summary>Merges in rank order, each as its two halves (both file forms, "a b" and ["a","b"], are accepted).</summary>
    public List<(string Left, string Right)> Merges { get; }

    public string? UnknownToken { get; }

    public bool FuseUnknown { get; }

    public bool ByteFallback { get; }

    public IReadOnlyList<string> PreTokenizerTypes { get; }

    /// <summary>The regex of a "Split" pre-tokenizer (Llama-3's and Qwen's word splitting), if there is one.</summary>
    public string? SplitPattern { get; }

    /// <summary>A word that is itself in the vocabulary becomes that token without merging (Llama-3's <c>ignore_merges</c>).</summary>
    public bool IgnoreMerges { get; }

    /// <summary>The normaliser applies Unicode NFC (Qwen's).</summary>
    public bool HasNfcNormalizer => Normalizers.Any(n => TypeOf(n) == "NFC");

    public IReadOnlyList<JsonElement> Normalizers { get; }

    /// <summary>Added tokens marked special, by content.</summary>
    public Dictionary<string, int> SpecialTokens { get; }

    /// <summary>Every added token, special or not, by content: Hugging Face tokenizers split them out of the text before anything else.</summary>
    public Dictionary<string, int> AddedTokens { get; }

    /// <summary>The special token the post-processor puts first in a single sequence (the BOS), if any.</summary>
    public string? BosToken { get; }

    public static TokenizerJson Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return new TokenizerJson(path, document.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, "not valid JSON: " + e.Message, (int?)e.LineNumber + 1, e);
        }
        catch (KeyNotFoundException e)
        {
            throw new ModelFormatException(path, "not a Hugging Face tokenizer.json (no \"model\" section)", inner: e);
        }
    }

    /// <summary>SentencePiece-style: the normaliser replaces spaces by "▁" (Llama, Gemma).</summary>
    public bool HasSentencePieceNormalizer => ReplacedBySpaceMarker.Contains(" ");

    /// <summary>The normaliser also prepends "▁" (Llama's dummy prefix; Gemma has none).</summary>
    public bool PrependsSpaceMarker =>
        Normalizers.Any(n => TypeOf(n) == "Prepend" && n.TryGetProperty("prepend", out var p) && p.GetString() == "\u2581");

    /// <summary>
    /// Every pre-tokenizer is a "Split" on a literal string that the normaliser has already replaced by "▁" (Gemma's
    /// split on " "), so it finds nothing to split: the text stays one word, as with no pre-tokenizer.
    /// </summary>
    public bool PreTokenizersAreInert => PreTokenizers.All(p =>
        TypeOf(p) == "Split" && p.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("String", out var literal)
        && ReplacedBySpaceMarker.Contains(literal.GetString() ?? ""));

    private IReadOnlyList<JsonElement> PreTokenizers { get; }

    /// <summary>The literal strings the normaliser's "Replace" steps turn into "▁".</summary>
    private IEnumerable<string> ReplacedBySpaceMarker => Normalizers
        .Where(n => TypeOf(n) == "Replace" && n.TryGetProperty("content", out var c) && c.GetString() == "\u2581"
            && n.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("String", out _))
        .Select(n => n.GetProperty("pattern").GetProperty("String").GetString() ?? "");

    private static Dictionary<string, int> ReadVocabulary(string path, JsonElement model)
    {
        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, "the \"model\" section has no \"vocab\" object");
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            result[entry.Name] = entry.Value.GetInt32();
        }

        return result;
    }

    private static List<(string, string)> ReadMerges(string path, JsonElement model)
    {
        var result = new List<(string, string)>();
        if (!model.TryGetProperty("merges", out var merges))
        {
            return result;
        }

        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                var text = merge.GetString()!;
                var space = text.IndexOf(' ', 1);
                if (space < 0)
                {
                    throw new ModelFormatException(path, $"merge \"{text}\" is not two symbols separated by a space");
                }

                result.Add((text[..space], text[(space + 1)..]));
            }
            else
            {
                result.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
        }

        return result;
    }

    private static Dictionary<string, int> ReadAddedTokens(JsonElement root, bool specialOnly)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (!specialOnly || (token.TryGetProperty("special", out var special) && special.ValueKind == JsonValueKind.True))
                {
                    result[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
                }
            }
        }

        return result;
    }

    private string? ReadSplitPattern() =>
        PreTokenizers
            .Where(p => TypeOf(p) == "Split" && p.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("Regex", out _))
            .Select(p => p.GetProperty("pattern").GetProperty("Regex").GetString())
            .FirstOrDefault();

    private static string? ReadTemplateBos(JsonElement root)
    {
        if (!root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var processor in Flatten(post, "processors"))
        {
            if (TypeOf(processor) == "TemplateProcessing"
                && processor.TryGetProperty("single", out var single)
                && single.GetArrayLength() > 0
                && single[0].TryGetProperty("SpecialToken", out var first))
            {
                return first.GetProperty("id").GetString();
            }
        }

        return null;
    }

    /// <summary>A component or, for a "Sequence", its members.</summary>
    private static IEnumerable<JsonElement> Flatten(JsonElement component, string listName) =>
        TypeOf(component) == "Sequence" && component.TryGetProperty(listName, out var list)
            ? list.EnumerateArray()
            : [component];

    private static string TypeOf(JsonElement component) =>
        component.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
}
