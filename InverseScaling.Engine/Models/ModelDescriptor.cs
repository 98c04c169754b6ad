namespace InverseScaling.Engine.Models;

/// <summary>A model folder whose manifest has been read and whose files exist, identified by their content hash.</summary>
public sealed record ModelDescriptor
{
    public required ModelManifest Manifest { get; init; }

    /// <summary>Full path of the model folder.</summary>
    public required string Directory { get; init; }

    /// <summary>SHA-256 over the ONNX file(s), the tokenizer and the scoring-relevant manifest fields.</summary>
    public required string ContentHash { get; init; }

    public string Name => Manifest.Name;
}
