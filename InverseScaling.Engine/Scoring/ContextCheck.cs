using System.Collections.Concurrent;
using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Checks at load time that the graph really takes the context the model folder declares, so a manifest or config
/// that claims more fails when the model is opened, with the file to fix, instead of mid-run on the first long prompt.
/// </summary>
/// <remarks>
/// The graph's own <c>max_sequence_length</c> metadata is read where an exporter wrote it; otherwise one forward pass
/// probes the last position: a single token at position maxContext−1 on top of a zero past of maxContext−1 entries
/// (KV graph: cheap), or a full row of maxContext tokens (plain graph). A model passes once per process.
/// </remarks>
internal static class ContextCheck
{
    private static readonly ConcurrentDictionary<string, bool> Passed = new(StringComparer.Ordinal);

    /// <exception cref="ModelFormatException">The graph's context is smaller than the declared one.</exception>
    public static void Verify(ModelDescriptor model, InferenceSession session, GraphLayout layout, string onnx)
    {
        var declared = model.Manifest.MaxContext;
        var declaredIn = Path.Combine(model.Directory, ModelFolder.ManifestFileName);
        if (session.ModelMetadata.CustomMetadataMap.TryGetValue("max_sequence_length", out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var graphContext)
            && graphContext < declared)
        {
            throw TooLarge(declaredIn, declared, onnx, $"its metadata says max_sequence_length {graphContext}");
        }

        if (Passed.ContainsKey(model.ContentHash))
        {
            return;
        }

        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        try
        {
            if (layout.HasKvCache)
            {
                using var past = PastCache.Zeros(layout, declared - 1);
                using var _ = OnnxForwardPass.Run(session, layout, [[0]], past, keepCache: false, runOptions);
            }
            else
            {
                using var _ = OnnxForwardPass.Run(session, layout, [new int[declared]], past: null, keepCache: false, runOptions);
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw TooLarge(declaredIn, declared, onnx, $"a forward pass at position {declared - 1} fails: {e.Message}");
        }

        Passed[model.ContentHash] = true;
    }

    private static ModelFormatException TooLarge(string declaredIn, int declared, string onnx, string why) =>
        new(declaredIn, $"the context of {declared} tokens is larger than the graph {Path.GetFileName(onnx)} takes ({why}); set \"maxContext\" to the graph's real context");
}
