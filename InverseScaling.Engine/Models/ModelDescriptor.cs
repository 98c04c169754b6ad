namespace InverseScaling.Engine.Models;

/// <summary>A model folder whose manifest has been read and whose files exist, identified by their content hash.</summary>
public sealed record ModelDescriptor
{
    public required ModelManifest Manifest { get; init; }

    /// <summary>Full path of the model folder.</summary>
    public required string Directory { get; init; }

    /// <summary>SHA-256 over the ONNX file(s), the tokenizer and the scoring-relevant manifest fields.</summary>
    public required string ContentHash { get; init; }

    /// <summary>
    /// Where each manifest field came from, keyed by its model.json name ("parameters": "ONNX initializers …",
    /// "maxContext": "config.json max_position_embeddings", "name": "model.json"); empty for models stored before
    /// folders were derived.
    /// </summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>The fields that were derived from the export folder rather than set in model.json, with their source.</summary>
    public IEnumerable<KeyValuePair<string, string>> DerivedFields => Sources.Where(s => s.Value != ModelFolder.ManifestFileName);

    public string Name => Manifest.Name;

    // Sources is a dictionary, which records compare by reference; a stored model must equal the one it was loaded as.
    public bool Equals(ModelDescriptor? other) =>
        other is not null
        && Manifest == other.Manifest
        && Directory == other.Directory
        && ContentHash == other.ContentHash
        && Sources.Count == other.Sources.Count
        && Sources.All(s => other.Sources.TryGetValue(s.Key, out var source) && source == s.Value);

    public override int GetHashCode() => HashCode.Combine(Manifest, Directory, ContentHash);
}
