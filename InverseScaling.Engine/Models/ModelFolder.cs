using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Models;

/// <summary>
/// Reads a model folder: the ONNX graph (with its external-data file, if any), the tokenizer, and the manifest fields
/// (<see cref="ModelManifest"/>). A folder as an exporter writes it (Optimum, transformers, onnxruntime-genai) needs
/// no <c>model.json</c>: the name comes from the folder, the family from its parent folder (a folder of sizes is a
/// family), the parameter count from the graph's initializers, the context length, BOS and graph file from the
/// exporter's JSON files, the tokenizer from <c>tokenizer.json</c> or <c>tokenizer.model</c>. An optional
/// <c>model.json</c> (camelCase JSON) overrides any of them. <see cref="ModelDescriptor.Sources"/> says where each
/// field came from.
/// </summary>
public static class ModelFolder
{
    public const string ManifestFileName = "model.json";

    /// <summary>
    /// Graph files exporters write, in order of preference when model.json and genai_config.json name none. Older
    /// Optimum versions write decoder_model.onnx (no cache inputs: scored as a plain graph) beside a merged graph whose
    /// use_cache_branch input this engine does not drive, so the plain one comes first.
    /// </summary>
    private static readonly string[] GraphFileNames = ["model.onnx", "decoder_model.onnx", "decoder_model_merged.onnx"];

    /// <summary>
    /// Where Hugging Face hub repositories made for transformers.js (onnx-community/*, Xenova/*) keep their graphs, beside
    /// the config and tokenizer at the top: model.onnx (fp32) with its quantised variants (model_fp16.onnx, model_q4.onnx …).
    /// </summary>
    private const string GraphSubfolder = "onnx";

    /// <summary>Tokenizer files in order of preference when model.json names none.</summary>
    private static readonly string[] TokenizerFileNames = ["tokenizer.json", "tokenizer.model"];

    /// <summary>transformers model types whose tokenizers put a BOS first, and those whose do not.</summary>
    private static readonly Dictionary<string, bool> BosByModelType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["llama"] = true,
        ["mistral"] = true,
        ["gemma"] = true,
        ["gemma2"] = true,
        ["gemma3_text"] = true,
        ["gpt2"] = false,
        ["gpt_neox"] = false,
        ["qwen2"] = false,
        ["qwen3"] = false,
    };

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="ModelFormatException">The folder, its manifest or one of its files is missing or invalid.</exception>
    public static ModelDescriptor Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory))
        {
            throw new ModelFormatException(directory, "model folder not found");
        }

        var manifestPath = Path.Combine(directory, ManifestFileName);
        var overrides = File.Exists(manifestPath) ? ReadManifest(manifestPath) : ManifestOverrides.None;
        var (manifest, onnx, tokenizer, sources) = Derive(directory, overrides);
        return new ModelDescriptor
        {
            Manifest = manifest,
            Directory = directory,
            ContentHash = ComputeContentHash(manifest, onnx, tokenizer),
            Sources = sources,
        };
    }

    /// <summary>Whether <paramref name="directory"/> is one model: it has a model.json or an ONNX graph.</summary>
    public static bool IsModelFolder(string directory) =>
        File.Exists(Path.Combine(directory, ManifestFileName)) || Directory.EnumerateFiles(directory, "*.onnx").Any() || SubfolderGraphs(directory).Count > 0;

    /// <summary>The graphs in a transformers.js-style <see cref="GraphSubfolder"/> beside a config.json (none without one: then the folder is not a model's).</summary>
    private static List<string> SubfolderGraphs(string directory)
    {
        var subfolder = Path.Combine(directory, GraphSubfolder);
        return File.Exists(Path.Combine(directory, "config.json")) && Directory.Exists(subfolder)
            ? [.. Directory.GetFiles(subfolder, "*.onnx").Select(f => $"{GraphSubfolder}/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Every sub-folder of <paramref name="parent"/> that is a model folder, by name.</summary>
    public static IReadOnlyList<ModelDescriptor> LoadAll(string parent) =>
        Directory.Exists(parent)
            ? [.. Directory.EnumerateDirectories(parent)
                .Where(IsModelFolder)
                .Order(StringComparer.Ordinal)
                .Select(Load)]
            : [];

    /// <summary>
    /// One model folder, or a folder of model folders (a family: each member's family defaults to this folder's name).
    /// </summary>
    /// <exception cref="ModelFormatException">The folder is neither, or one of its models cannot be read.</exception>
    public static IReadOnlyList<ModelDescriptor> LoadModelOrFamily(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory))
        {
            throw new ModelFormatException(directory, "model folder not found");
        }

        if (IsModelFolder(directory))
        {
            return [Load(directory)];
        }

        var models = LoadAll(directory);
        return models.Count > 0
            ? models
            : throw new ModelFormatException(
                directory, "neither a model folder (no model.json, no .onnx graph) nor a folder of model folders");
    }

    /// <summary>Full path of the ONNX graph of a loaded model.</summary>
    public static string OnnxPath(ModelDescriptor model) => Path.Combine(model.Directory, model.Manifest.Onnx);

    /// <summary>Full path of the tokenizer file of a loaded model.</summary>
    public static string TokenizerPath(ModelDescriptor model) => Path.Combine(model.Directory, model.Manifest.Tokenizer);

    private static (ModelManifest Manifest, string OnnxPath, string TokenizerPath, Dictionary<string, string> Sources) Derive(string directory, ManifestOverrides overrides)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var config = ExportConfig.Read(directory);

        // A field model.json sets wins; otherwise it is derived (lazily: counting parameters reads the graph).
        string Text(string field, string? given, Func<Found<string>> derive) =>
            given is not null ? Given(field, given) : Derived(field, derive());

        T Value<T>(string field, T? given, Func<Found<T>> derive)
            where T : struct =>
            given is { } value ? Given(field, value) : Derived(field, derive());

        T Given<T>(string field, T value)
        {
            sources[field] = ManifestFileName;
            return value;
        }

        T Derived<T>(string field, Found<T> found)
        {
            sources[field] = found.Source;
            return found.Value;
        }

        var onnx = Text("onnx", overrides.Onnx, () => FindGraph(directory, config));
        var tokenizer = Text("tokenizer", overrides.Tokenizer, () => FindTokenizer(directory));
        var onnxPath = RequireFile(directory, onnx, "ONNX graph (\"onnx\")");
        var tokenizerPath = RequireFile(directory, tokenizer, "tokenizer (\"tokenizer\")");
        var manifest = new ModelManifest
        {
            Name = Text("name", overrides.Name, () => new(Path.GetFileName(directory), "folder name")),
            Family = Text("family", overrides.Family, () => new(ParentName(directory), "parent folder name")),
            Parameters = Value("parameters", overrides.Parameters, () => ParameterCounter.Count(onnxPath, config)),
            TrainingTokens = overrides.TrainingTokens,
            TrainingStep = overrides.TrainingStep,
            Onnx = onnx,
            Tokenizer = tokenizer,
            AddBos = Value("addBos", overrides.AddBos, () => DeriveAddBos(tokenizerPath, config)),
            MaxContext = Value("maxContext", overrides.MaxContext, () => DeriveContext(directory, config)),
            Notes = overrides.Notes,
        };
        return (manifest, onnxPath, tokenizerPath, sources);
    }

    private static Found<string> FindGraph(string directory, ExportConfig config)
    {
        if (config.GenaiDecoderFile is { } genai)
        {
            return genai;
        }

        var named = GraphFileNames.FirstOrDefault(f => File.Exists(Path.Combine(directory, f)));
        if (named is not null)
        {
            return new(named, $"{named} found in the folder");
        }

        var graphs = Directory.GetFiles(directory, "*.onnx").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        if (graphs.Count == 0 && SubfolderGraphs(directory) is { Count: > 0 } inSubfolder)
        {
            // Only where the top holds no graph at all, so a folder's own graph always wins over a subfolder's.
            var fp32 = GraphFileNames.Select(f => $"{GraphSubfolder}/{f}").FirstOrDefault(inSubfolder.Contains);
            return fp32 is not null
                ? new(fp32, $"{fp32} found in the folder (a transformers.js-style repository's fp32 graph)")
                : throw new ModelFormatException(
                    directory,
                    $"{GraphSubfolder}/ holds {string.Join(", ", inSubfolder)} but no {GraphSubfolder}/model.onnx: name the one to score as \"onnx\" in {ManifestFileName}");
        }

        return graphs.Count == 1
            ? new(graphs[0]!, "the folder's only .onnx file")
            : throw new ModelFormatException(
                directory,
                graphs.Count == 0
                    ? $"no ONNX graph: a model folder needs {string.Join(" or ", GraphFileNames)} (or a {ManifestFileName} naming its \"onnx\")"
                    : $"several ONNX graphs ({string.Join(", ", graphs)}) and none is {string.Join(" or ", GraphFileNames)}: name one as \"onnx\" in {ManifestFileName}");
    }

    private static Found<string> FindTokenizer(string directory)
    {
        var named = TokenizerFileNames.FirstOrDefault(f => File.Exists(Path.Combine(directory, f)));
        if (named is not null)
        {
            return new(named, $"{named} found in the folder");
        }

        var tiktoken = Directory.GetFiles(directory, "*.tiktoken").Select(Path.GetFileName).ToList();
        return tiktoken.Count == 1
            ? new(tiktoken[0]!, "the folder's only .tiktoken file")
            : throw new ModelFormatException(
                directory, $"no tokenizer: expected {string.Join(" or ", TokenizerFileNames)} or one .tiktoken file (or a {ManifestFileName} naming its \"tokenizer\")");
    }

    /// <summary>
    /// Whether to put BOS first, as the model's own tokenizer would: its explicit setting, else its post-processor
    /// template, else what the architecture's tokenizers do, else a BOS distinct from EOS in the generation config.
    /// </summary>
    private static Found<bool> DeriveAddBos(string tokenizerPath, ExportConfig config)
    {
        if (config.AddBosToken is { } explicitSetting)
        {
            return explicitSetting;
        }

        if (tokenizerPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && Tokenization.TokenizerJson.Read(tokenizerPath).BosToken is { } bos)
        {
            return new(true, $"{Path.GetFileName(tokenizerPath)} post-processor puts {bos} first");
        }

        if (config.ModelType is { } type && BosByModelType.TryGetValue(type.Value, out var byType))
        {
            return new(byType, $"model type {type.Value} ({type.Source})");
        }

        if (config.BosTokenId is { } bosId)
        {
            // GPT-2-style models declare BOS = EOS = <|endoftext|> and never prepend it.
            var distinct = config.EosTokenId is not { } eos || eos.Value != bosId.Value;
            return new(distinct, $"{bosId.Source} {bosId.Value} {(distinct ? "differs from" : "equals")} eos_token_id");
        }

        return new(false, "no BOS setting found");
    }

    private static Found<int> DeriveContext(string directory, ExportConfig config) =>
        config.ContextLength is { } length
            ? new((int)Math.Min(length.Value, int.MaxValue), length.Source)
            : throw new ModelFormatException(
                directory,
                $"no context length: none of config.json max_position_embeddings / n_positions / n_ctx or genai_config.json model.context_length is set (or set \"maxContext\" in {ManifestFileName})");

    private static string ParentName(string directory) =>
        Path.GetFileName(Path.GetDirectoryName(directory)) is { Length: > 0 } parent ? parent : Path.GetFileName(directory);

    private static ManifestOverrides ReadManifest(string path)
    {
        ManifestOverrides? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ManifestOverrides>(File.ReadAllBytes(path), ManifestJson);
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
        if (manifest.Name is not null && string.IsNullOrWhiteSpace(manifest.Name))
        {
            problems.Add("\"name\" is empty");
        }

        if (manifest.Family is not null && string.IsNullOrWhiteSpace(manifest.Family))
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
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, $"{what} named by {ManifestFileName} in model folder {directory} not found");
        }

        return GitLfsPointer.IsFile(path) ? throw new ModelFormatException(path, GitLfsPointer.DescribeFile(path)) : path;
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
    internal static IEnumerable<string> ExternalDataFiles(string onnx) =>
        new[] { onnx + ".data", onnx + "_data" }.Where(File.Exists);

    /// <summary>Bytes of the graph file and its external initializers: about what its weights take in memory.</summary>
    internal static long GraphBytes(string onnx) => new[] { onnx }.Concat(ExternalDataFiles(onnx)).Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
