using System.Text.Json;
using InverseScaling.Engine.Tests.Models;
using InverseScaling.Engine.Tokenization;

namespace InverseScaling.Engine.Tests.Tokenization;

/// <summary>
/// Real tokenizer.json files, byte-level BPE (GPT-2, Llama-3, Qwen3) and SentencePiece-style BPE without a dummy
/// prefix (Gemma-3, 262k pieces, byte fallback), against the ids transformers.js gives for the same
/// texts: special tokens, long whitespace runs, emoji, non-Latin scripts and Prize prompts
/// (tests/fixtures/tokenizers, made by make_reference_ids.mjs; sources in tests/fixtures/SOURCES.md).
/// </summary>
public sealed class ReferenceIdsTests
{
    private static readonly string Folder = Fixtures.Path("tokenizers");

    [Theory]
    [InlineData("gpt2", 50295)]
    [InlineData("llama3", 128256)]
    [InlineData("qwen3", 151669)]
    [InlineData("gemma3", 262145)]
    public void Ids_equal_the_transformers_js_reference(string name, int vocabulary)
    {
        var tokenizer = TokenizerLoader.Load(Fixtures.Gunzipped("tokenizers", name, "tokenizer.json.gz"));
        using var reference = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, name + ".ids.json")));
        var cases = reference.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (Text: c.GetProperty("text").GetString()!, Ids: c.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToList();

        Assert.Equal(vocabulary, tokenizer.VocabularySize);
        Assert.Equal(24, cases.Count);
        Assert.All(cases, c => Assert.True(c.Ids.SequenceEqual(tokenizer.Encode(c.Text)), $"{c.Text}\nexpected [{string.Join(", ", c.Ids)}]\nactual   [{string.Join(", ", tokenizer.Encode(c.Text))}]"));
        Assert.All(cases, c => Assert.Equal(c.Text, tokenizer.Decode(c.Ids)));
    }
}
