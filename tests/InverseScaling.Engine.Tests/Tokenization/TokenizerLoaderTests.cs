using System.Text;
using System.Text.Json;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Tests.Models;
using InverseScaling.Engine.Tokenization;

namespace InverseScaling.Engine.Tests.Tokenization;

/// <summary>
/// Token ids against the golden values in shared/models (reference_outputs.json and the ids that
/// _tools/reference.py gives for tokenizer_crosscheck/strings.json, which the README cross-checks with HF tokenizers).
/// </summary>
public sealed class TokenizerLoaderTests
{
    private static readonly string Tok512 = Fixtures.Models("llama2c", "stories260K", "tok512.model");
    private static readonly string Tok656K = Fixtures.Models("hf-llama", "TinyStories-656K", "tokenizer.json");
    private static readonly string Gpt2Json = Fixtures.Gunzipped("models", "onnx-fixtures", "tiny-random-gpt2-fp32-past", "tokenizer.json.gz");
    private static readonly string LlamaJson = Fixtures.Gunzipped("models", "onnx-fixtures", "tiny-random-LlamaForCausalLM-fp16", "tokenizer.json.gz");

    // The 50k/32k-token files take a second to parse; load them once for the whole class.
    private static readonly Lazy<ITextTokenizer> Gpt2 = new(() => TokenizerLoader.Load(Gpt2Json));

    private const string Context = "One day, a little girl named Lily went to the park. She saw a big";

    // python3 -B -c "...HFBpeTokenizer(...).encode(s, bos=False)" for the strings of tokenizer_crosscheck/strings.json.
    public static TheoryData<string, int[]> TinyStories656KIds => new()
    {
        { "Once upon a time", [80, 147, 201, 282, 57] },
        { Context, [80, 429, 598, 303, 1844, 163, 328, 428] },
        { Context + " dog", [80, 429, 598, 303, 1844, 163, 614, 604] },
        { Context + " tree", [80, 429, 598, 303, 1844, 163, 614, 1074] },
        { Context + " car", [80, 429, 598, 303, 1844, 163, 614, 237] },
        { "Tom and Sue played with the red ball.  Then they\nwent home!", [80, 875, 566, 1129, 1714, 84, 80, 1008, 203, 131, 77, 3, 1433, 57, 4] },
        { "It's 3:45, café — naïve? 🙂 ok", [80, 1504, 14, 21, 15, 16, 94, 295, 58, 0, 80, 0, 80, 557, 0, 1032, 1275, 0, 80, 171] },
        { " leading space", [80, 80, 656, 56, 149, 415, 53, 682] },
        { "x", [80, 76] },
    };

    // The llama2.c encoder's ids (reference.py), which SentencePiece agrees with for these strings (README §4).
    public static TheoryData<string, int[]> Tok512Ids => new()
    {
        { "Once upon a time", [403, 407, 261, 378] },
        { Context, [385, 328, 432, 261, 376, 298, 315, 421, 395, 317, 263, 377, 267, 265, 282, 295, 433, 426, 338, 394, 261, 370] },
        { Context + " dog", [385, 328, 432, 261, 376, 298, 315, 421, 395, 317, 263, 377, 267, 265, 282, 295, 433, 426, 338, 394, 261, 370, 400, 428] },
        { Context + " tree", [385, 328, 432, 261, 376, 298, 315, 421, 395, 317, 263, 377, 267, 265, 282, 295, 433, 426, 338, 394, 261, 370, 259, 276, 411] },
        { Context + " car", [385, 328, 432, 261, 376, 298, 315, 421, 395, 317, 263, 377, 267, 265, 282, 295, 433, 426, 338, 394, 261, 370, 280, 295] },
        { "It's 3:45, café — naïve? 🙂 ok", [359, 413, 439, 419, 410, 472, 467, 484, 480, 432, 280, 412, 431, 485, 410, 481, 297, 412, 198, 178, 360, 450, 410, 243, 162, 156, 133, 334, 433] },
        { "x", [410, 444] },
    };

    [Theory]
    [MemberData(nameof(TinyStories656KIds))]
    public void TinyStories656K_tokenizer_json_matches_the_reference_ids(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(Tok656K);

        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Tok512Ids))]
    public void Tok512_sentencepiece_model_matches_the_reference_ids(string text, int[] expected)
    {
        var tokenizer = TokenizerLoader.Load(Tok512);

        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("I", "I")]
    [InlineData("x ", "x")]
    [InlineData(".", ".")]
    public void One_character_input_is_encoded_although_LlamaTokenizer_returns_nothing(string text, string decoded)
    {
        var tokenizer = TokenizerLoader.Load(Tok512);

        var ids = tokenizer.Encode(text);

        Assert.NotEmpty(ids);
        Assert.Equal(decoded, tokenizer.Decode(ids).Trim());
        // The same symbol inside a longer text keeps the same ids after the leading "▁" piece.
        Assert.Equal(ids, tokenizer.Encode(text.Trim())[..ids.Length]);
    }

    /// <summary>
    /// Added tokens are cut out before the normaliser, which then prepends its "▁" to every stretch between them; the
    /// ids are transformers.js's (@lenml/tokenizers 3.7.2, <c>add_special_tokens: false</c>) for the same file.
    /// </summary>
    [Theory]
    [InlineData("<|start_story|>Once upon<|end_story|> a time", new[] { 1, 80, 147, 201, 189, 111, 2, 80, 104, 230, 57 })]
    [InlineData("Hi <unk> there", new[] { 80, 1158, 80, 0, 80, 80, 249, 57 })]
    [InlineData("x<|end_story|>", new[] { 80, 76, 2 })]
    public void Added_tokens_in_the_text_split_it_as_transformers_js_does(string text, int[] expected) =>
        Assert.Equal(expected, TokenizerLoader.Load(Tok656K).Encode(text));

    [Fact]
    public void Tokenizers_report_vocabulary_bos_and_token_text()
    {
        var tok512 = TokenizerLoader.Load(Tok512);
        var tok656 = TokenizerLoader.Load(Tok656K);

        Assert.Equal((512, 1), (tok512.VocabularySize, tok512.BosId));
        Assert.Equal((2048, 1), (tok656.VocabularySize, tok656.BosId));
        Assert.Equal(" upon", tok512.TokenText(407));
        Assert.Equal("saw a big ", tok656.TokenText(614));
        Assert.Equal("Once upon a time", tok656.Decode([1, 80, 147, 201, 282, 57]));
        Assert.Equal("Once upon a time", tok512.Decode([403, 407, 261, 378]));
        Assert.Equal("café", tok656.Decode(tok656.Encode("café")).Replace("<unk>", "é"));
    }

    [Fact]
    public void Reference_outputs_prompt_and_context_ids_match_for_all_three_models()
    {
        foreach (var (model, tokenizerPath) in new[] { ("stories260K", Tok512), ("llama2xs-279K", Tok512), ("TinyStories-656K", Tok656K) })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.Models("onnx", model, "reference_outputs.json")));
            var root = json.RootElement;
            var tokenizer = TokenizerLoader.Load(tokenizerPath);

            Assert.Equal(Ids(root.GetProperty("prompt_ids")), (int[])[tokenizer.BosId!.Value, .. tokenizer.Encode(root.GetProperty("prompt").GetString()!)]);
            var scoring = root.GetProperty("scoring");
            var context = scoring.GetProperty("context").GetString()!;
            Assert.Equal(Ids(scoring.GetProperty("context_ids")), (int[])[1, .. tokenizer.Encode(context)]);
            foreach (var continuation in scoring.GetProperty("continuations").EnumerateArray())
            {
                Assert.Equal(Ids(continuation.GetProperty("full_ids")), (int[])[1, .. tokenizer.Encode(context + continuation.GetProperty("continuation").GetString())]);
            }
        }
    }

    [Theory]
    [InlineData("Hello world", new[] { 15496, 995 })]
    [InlineData(" Yes", new[] { 3363 })]
    // This file (hf-internal-testing's tiny-random-gpt2) adds whitespace-run tokens 50257-50294, which Hugging Face
    // tokenizers split out before BPE, as transformers.js does (tests/fixtures/tokenizers/gpt2.ids.json).
    [InlineData("a  b", new[] { 64, 50286, 65 })]
    [InlineData("x\t\ty", new[] { 87, 50294, 88 })]
    [InlineData("The capital of France is Paris", new[] { 464, 3139, 286, 4881, 318, 6342 })]
    public void Gpt2_byte_level_tokenizer_json_gives_gpt2_ids(string text, int[] expected)
    {
        var tokenizer = Gpt2.Value;

        Assert.Equal(expected, tokenizer.Encode(text));
        Assert.Equal(50256, tokenizer.BosId);
        Assert.Equal(text, tokenizer.Decode(expected));
    }

    [Fact]
    public void Tiktoken_rank_file_gives_the_same_ids_as_the_gpt2_bpe()
    {
        using var folder = new TempFolder();
        var rankFile = Path.Combine(folder.Path, "r50k_base.tiktoken");
        File.WriteAllLines(rankFile, Gpt2RankLines(Gpt2Json));
        var tiktoken = TokenizerLoader.Load(rankFile);
        var bpe = Gpt2.Value;

        foreach (var text in new[] { "Hello world", "a b", "It's 3:45, café — naïve? 🙂 ok", " leading space\nnext" })
        {
            Assert.Equal(bpe.Encode(text), tiktoken.Encode(text));
        }

        Assert.Equal(50257, tiktoken.VocabularySize);
    }

    [Fact]
    public void Llama_tokenizer_json_uses_byte_fallback_pieces()
    {
        var tokenizer = TokenizerLoader.Load(LlamaJson);

        Assert.Equal(new[] { 15043, 3186 }, tokenizer.Encode("Hello world"));
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal("🙂 ok", tokenizer.Decode(tokenizer.Encode("🙂 ok")));
    }

    [Fact]
    public void Missing_or_unknown_tokenizer_files_are_named_in_the_error()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "tokenizer.model");
        var unknown = Path.Combine(folder.Path, "vocab.txt");
        File.WriteAllText(unknown, "a\nb\n");
        var badJson = Path.Combine(folder.Path, "tokenizer.json");
        File.WriteAllText(badJson, "{\n  \"model\": {\n    \"type\": \"BPE\",,\n  }\n}");

        var e1 = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(missing));
        var e2 = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(unknown));
        var e3 = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(badJson));

        Assert.Equal(missing, e1.File);
        Assert.Contains("not found", e1.Message);
        Assert.Contains("unknown tokenizer format", e2.Message);
        Assert.Equal(3, e3.Line);
        Assert.StartsWith(badJson + ":3:", e3.Message);
    }

    private static int[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A tiktoken rank file from GPT-2's byte-level vocabulary: each token's bytes in base64, then its id.</summary>
    private static IEnumerable<string> Gpt2RankLines(string tokenizerJson)
    {
        var byteOf = ByteLevelAlphabet();
        using var json = JsonDocument.Parse(File.ReadAllText(tokenizerJson));
        foreach (var entry in json.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().OrderBy(e => e.Value.GetInt32()))
        {
            if (entry.Name == "<|endoftext|>")
            {
                continue;
            }

            var bytes = entry.Name.Select(c => byteOf[c]).ToArray();
            yield return Convert.ToBase64String(bytes) + " " + entry.Value.GetInt32();
        }
    }

    /// <summary>GPT-2's printable stand-ins for the 256 byte values.</summary>
    private static Dictionary<char, byte> ByteLevelAlphabet()
    {
        var result = new Dictionary<char, byte>();
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            result[(char)(printable ? b : next++)] = (byte)b;
        }

        return result;
    }
}
