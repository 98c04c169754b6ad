namespace InverseScaling.Engine.Tokenization;

/// <summary>
/// The one tokenizer shape the scorer needs, whatever the file format behind it. Implementations are thread-safe: the
/// scorer tokenises a task's examples on every core.
/// </summary>
internal interface ITextTokenizer
{
    /// <summary>Number of ids the tokenizer can produce (the model's logits must cover them).</summary>
    int VocabularySize { get; }

    /// <summary>Beginning-of-sequence id; for tokenizers without one (GPT-2), the id lm-eval prefixes an empty context with.</summary>
    int? BosId { get; }

    /// <summary>Ids of <paramref name="text"/> without BOS (the scorer adds it as the manifest says).</summary>
    int[] Encode(string text);

    /// <summary>Human-readable text of one token, for showing scored tokens (e.g. "▁dog" as " dog").</summary>
    string TokenText(int id);

    /// <summary>Text of a sequence of ids.</summary>
    string Decode(IEnumerable<int> ids);
}
