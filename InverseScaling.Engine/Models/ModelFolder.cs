using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace InverseScaling.Engine.Models;

/// <summary>
/// Reads a model folder: <c>model.json</c> (a <see cref="ModelManifest"/> in camelCase JSON), the ONNX graph
/// (with its external-data file, if any) and the tokenizer it names.
/// </summary>
public static class ModelFolder
{
    public const string ManifestFileName = "model.json";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="ModelFormatException">The folder, its manifest or one of the files it names is missing or invalid.</exception>
    public static ModelDescriptor Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory))
        {
            throw new ModelFormatException(directory, "model folder not found");
        }

        var manifest = ReadManifest(Path.Combine(directory, ManifestFileName));
        var onnx = RequireFile(directory, manifest.Onnx, "ONNX graph (\"onnx\")");
        var tokenizer = RequireFile(directory, manifest.Tokenizer, "tokenizer (\"tokenizer\")");
        return new ModelDescriptor
        {
            Manifest = manifest,
            Directory = directory,
            ContentHash = ComputeContentHash(manifest, onnx, tokenizer),
        };
    }

    /// <summary>Every sub-folder of <paramref name="parent"/> that has a <c>model.json</c>, by name.</summary>
    public static IReadOnlyList<ModelDescriptor> LoadAll(string parent) =>
        Directory.Exists(parent)
            ? [.. Directory.EnumerateDirectories(parent)
                .Where(d => File.Exists(Path.Combine(d, ManifestFileName)))
                .Order(StringComparer.Ordinal)
                .Select(Load)]
            : [];

    /// <summary>Full path of the ONNX graph of a loaded model.</summary>
    public static string OnnxPath(ModelDescriptor model) => Path.Combine(model.Directory, model.Manifest.Onnx);

    /// <summary>Full path of the tokenizer file of a loaded model.</summary>
    public static string TokenizerPath(ModelDescriptor model) => Path.Combine(model.Directory, model.Manifest.Tokenizer);

    private static ModelManifest ReadManifest(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                path, "no model.json: a model folder needs a manifest naming at least name, family, parameters, tokenizer and maxContext");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(path), ManifestJson);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, "invalid manifest: " + FirstSentence(e.Message), (int?)e.LineNumber + 1, e);
        }

        if (manifest is null)
        {
            throw new ModelFormatException(path, "the manifest is null");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(manifest.Name))
        {
            problems.Add("\"name\" is empty");
        }

        if (string.IsNullOrWhiteSpace(manifest.Family))
        {
            problems.Add("\"family\" is empty");
        }

        if (manifest.Parameters <= 0)
        {
            problems.Add($"\"parameters\" must be positive (is {manifest.Parameters})");
        }

        if (manifest.MaxContext < 2)
        {
            problems.Add($"\"maxContext\" must be at least 2 (is {manifest.MaxContext})");
        }

        return problems.Count == 0 ? manifest : throw new ModelFormatException(path, string.Join("; ", problems));
    }

    private static string RequireFile(string directory, string relative, string what)
    {
        var path = Path.GetFullPath(Path.Combine(directory, relative));
        return File.Exists(path)
            ? path
            : throw new ModelFormatException(path, $"{what} named by {ManifestFileName} in model folder {directory} not found");
    }

    /// <summary>
    /// SHA-256 over everything that changes a model's numbers: the graph, its external data, the tokenizer (each file's
    /// own SHA-256, remembered by <see cref="FileHashes"/>), and the manifest fields that scoring reads (BOS, context length). Display fields (name, notes) are left out, so renaming
    /// a model keeps its cached results.
    /// </summary>
    private static string ComputeContentHash(ModelManifest manifest, string onnx, string tokenizer)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { onnx }.Concat(ExternalDataFiles(onnx)).Append(tokenizer))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\0{new FileInfo(file).Length}\0"));
            hash.AppendData(FileHashes.Sha256(file));
        }

        hash.AppendData(Encoding.UTF8.GetBytes($"addBos={manifest.AddBos};maxContext={manifest.MaxContext}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>External initializers that exporters write beside the graph (<c>model.onnx.data</c>, <c>model.onnx_data</c>).</summary>
    private static IEnumerable<string> ExternalDataFiles(string onnx) =>
        new[] { onnx + ".data", onnx + "_data" }.Where(File.Exists);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
