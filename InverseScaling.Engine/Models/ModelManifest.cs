namespace InverseScaling.Engine.Models;

/// <summary>
/// The small <c>model.json</c> that makes a folder (ONNX graph + tokenizer) a scoreable model.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Display name, unique within the store (e.g. "stories260K").</summary>
    public required string Name { get; init; }

    /// <summary>Model family: one curve per family on the scaling page.</summary>
    public required string Family { get; init; }

    /// <summary>Parameter count (the scaling plot's default x-axis).</summary>
    public required long Parameters { get; init; }

    /// <summary>Training tokens, where known (alternative x-axis).</summary>
    public long? TrainingTokens { get; init; }

    /// <summary>Training step of this checkpoint, where known (scaling over training at fixed size).</summary>
    public long? TrainingStep { get; init; }

    /// <summary>ONNX file, relative to the folder.</summary>
    public string Onnx { get; init; } = "model.onnx";

    /// <summary>Tokenizer file relative to the folder: SentencePiece <c>.model</c>, HF <c>tokenizer.json</c>, or a tiktoken rank file.</summary>
    public required string Tokenizer { get; init; }

    /// <summary>Prepend the tokenizer's BOS id to every sequence (llama-style models do; GPT-2 does not).</summary>
    public bool AddBos { get; init; } = true;

    /// <summary>Longest sequence the graph accepts; longer prompts are left-truncated and flagged.</summary>
    public required int MaxContext { get; init; }

    /// <summary>Free text shown in the UI (provenance, caveats).</summary>
    public string? Notes { get; init; }
}
