using Microsoft.ML.Tokenizers;

namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// A Microsoft.ML.Tokenizers tokenizer used as it is (GPT-2 byte-level BPE, tiktoken): whatever the library does
/// correctly is not re-implemented.
/// </summary>
internal sealed class MlTokenizerAdapter(Tokenizer tokenizer, int vocabularySize, int? bosId) : ITextTokenizer
{
    public int VocabularySize { get; } = vocabularySize;

    public int? BosId { get; } = bosId;

    public int[] Encode(string text) => text.Length == 0 ? [] : [.. tokenizer.EncodeToIds(text)];

    public string TokenText(int id) => tokenizer.Decode([id]) ?? $"<{id}>";

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids) ?? "";
}
