using System.Text.RegularExpressions;

namespace InverseScaling.Engine.Models;

/// <summary>
/// Counts a model's parameters from its ONNX graph's initializers, as a paper would: the floating-point weight
/// tensors, without the tables exporters precompute (rotary cos/sin, inverse frequencies), without scalar and
/// one-element constants, and with a tied input/output embedding counted once even where the export stores it twice
/// (as the embedding and as a transposed LM-head copy).
/// </summary>
internal static partial class ParameterCounter
{
    /// <summary>The count and a sentence saying how it was counted, for the UI.</summary>
    public static Found<long> Count(string onnxPath, ExportConfig config)
    {
        var initializers = OnnxInitializers.Read(onnxPath);
        var floats = initializers.Where(i => i.IsFloatingPoint && i.ElementCount > 1).ToList();
        var tables = floats.Where(i => PrecomputedTable().IsMatch(i.Name)).ToList();
        var weights = floats.Except(tables).ToList();
        var total = weights.Sum(i => i.ElementCount);

        var how = new List<string> { $"{weights.Count} floating-point initializers of {Path.GetFileName(onnxPath)}" };
        if (tables.Count > 0)
        {
            how.Add($"{tables.Count} precomputed rotary tables left out");
        }

        var skippedIntegers = initializers.Count(i => !i.IsFloatingPoint && i.ElementCount > 1024);
        if (skippedIntegers > 0)
        {
            // Large integer initializers are quantised weights whose packing the count cannot see through.
            how.Add($"{skippedIntegers} large integer initializers (quantised weights?) not counted");
        }

        var embeddings = config.VocabularySize is { } vocabulary
            ? weights.Where(i => i.Dims.Count == 2 && i.Dims.Contains(vocabulary.Value)).ToList()
            : [];
        var pair = embeddings.Count >= 2 && embeddings.Select(e => e.ElementCount).Distinct().Count() == 1;
        if (config.TieWordEmbeddings is { Value: true } tied)
        {
            if (pair)
            {
                total -= embeddings[0].ElementCount;
                how.Add($"the embedding and its LM-head copy counted once ({tied.Source})");
            }
            else
            {
                how.Add($"tied embedding stored once ({tied.Source})");
            }
        }
        else if (pair)
        {
            // Without the flag the two may be a tied pair stored twice or two trained matrices: say which way it was counted.
            how.Add(config.TieWordEmbeddings is { } untied
                ? $"embedding and LM head counted separately ({untied.Source} false)"
                : "embedding and LM head counted separately (config.json does not say whether they are tied)");
        }

        return new Found<long>(total, string.Join("; ", how));
    }

    /// <summary>Names exporters give rotary tables: <c>rope_cos</c>, <c>cos_cache</c>, <c>rotary_emb.inv_freq</c>, …</summary>
    [GeneratedRegex(@"rope|rotary|inv_freq|(cos|sin)_cache", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrecomputedTable();
}
