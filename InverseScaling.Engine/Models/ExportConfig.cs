using System.Text.Json;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Models;

/// <summary>
/// The configuration files an exporter writes beside the graph — transformers' <c>config.json</c>,
/// <c>generation_config.json</c> and <c>tokenizer_config.json</c>, onnxruntime-genai's <c>genai_config.json</c> —
/// reduced to the few values a model folder needs. Each value keeps the file and key it came from, so the UI
/// can say where it was found. Absent files and keys are simply absent.
/// </summary>
internal sealed class ExportConfig
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";
    public const string GenaiConfigFile = "genai_config.json";

    private readonly Dictionary<string, JsonElement> _files = new(StringComparer.Ordinal);

    private ExportConfig()
    {
    }

    /// <summary>Reads whichever of the four files exist in <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFormatException">One of them is not valid JSON.</exception>
    public static ExportConfig Read(string directory)
    {
        var config = new ExportConfig();
        foreach (var name in new[] { ConfigFile, GenerationConfigFile, TokenizerConfigFile, GenaiConfigFile })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
                config._files[name] = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new ModelFormatException(path, "not valid JSON: " + e.Message, (int?)e.LineNumber + 1, e);
            }
        }

        return config;
    }

    /// <summary>transformers' <c>model_type</c> (config.json), else genai's <c>model.type</c>.</summary>
    public Found<string>? ModelType =>
        String(ConfigFile, "model_type") ?? String(GenaiConfigFile, "model", "type");

    /// <summary>The longest sequence the position embeddings cover, under the names different architectures use.</summary>
    public Found<long>? ContextLength =>
        Integer(ConfigFile, "max_position_embeddings")
        ?? Integer(ConfigFile, "n_positions")
        ?? Integer(ConfigFile, "n_ctx")
        ?? Integer(GenaiConfigFile, "model", "context_length");

    public Found<long>? VocabularySize => Integer(ConfigFile, "vocab_size") ?? Integer(GenaiConfigFile, "model", "vocab_size");

    public Found<bool>? TieWordEmbeddings => Boolean(ConfigFile, "tie_word_embeddings");

    /// <summary>tokenizer_config.json's explicit <c>add_bos_token</c>.</summary>
    public Found<bool>? AddBosToken => Boolean(TokenizerConfigFile, "add_bos_token");

    public Found<long>? BosTokenId =>
        Integer(GenerationConfigFile, "bos_token_id") ?? Integer(ConfigFile, "bos_token_id") ?? Integer(GenaiConfigFile, "model", "bos_token_id");

    public Found<long>? EosTokenId =>
        Integer(GenerationConfigFile, "eos_token_id") ?? Integer(ConfigFile, "eos_token_id") ?? Integer(GenaiConfigFile, "model", "eos_token_id");

    /// <summary>genai's decoder graph file name.</summary>
    public Found<string>? GenaiDecoderFile => String(GenaiConfigFile, "model", "decoder", "filename");

    private Found<string>? String(string file, params string[] path) =>
        Lookup(file, path) is { ValueKind: JsonValueKind.String } e ? new(e.GetString()!, Describe(file, path)) : null;

    private Found<long>? Integer(string file, params string[] path) =>
        Lookup(file, path) is { ValueKind: JsonValueKind.Number } e && e.TryGetInt64(out var v) ? new(v, Describe(file, path)) : null;

    private Found<bool>? Boolean(string file, params string[] path) =>
        Lookup(file, path) is { ValueKind: JsonValueKind.True or JsonValueKind.False } e ? new(e.GetBoolean(), Describe(file, path)) : null;

    private JsonElement? Lookup(string file, string[] path)
    {
        if (!_files.TryGetValue(file, out var element))
        {
            return null;
        }

        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element;
    }

    private static string Describe(string file, string[] path) => $"{file} {string.Join('.', path)}";
}

/// <summary>A value and where it was found (e.g. "config.json max_position_embeddings").</summary>
internal sealed record Found<T>(T Value, string Source);
