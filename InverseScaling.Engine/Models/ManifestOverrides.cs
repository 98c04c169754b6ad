namespace InverseScaling.Engine.Models;

/// <summary>
/// <c>model.json</c> as read: every field optional. A field it sets wins; a field it leaves out is derived from the
/// export folder (see <see cref="ModelFolder"/>). A folder as Optimum or onnxruntime-genai writes it needs none.
/// </summary>
internal sealed record ManifestOverrides
{
    public static readonly ManifestOverrides None = new();

    public string? Name { get; init; }

    public string? Family { get; init; }

    public long? Parameters { get; init; }

    public long? TrainingTokens { get; init; }

    public long? TrainingStep { get; init; }

    public string? Onnx { get; init; }

    public string? Tokenizer { get; init; }

    public bool? AddBos { get; init; }

    public int? MaxContext { get; init; }

    public string? Notes { get; init; }
}
