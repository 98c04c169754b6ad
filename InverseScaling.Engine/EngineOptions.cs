using System.ComponentModel.DataAnnotations;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine;

/// <summary>Engine settings, bound from the "InverseScaling" section of appsettings.json and validated at start-up.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "InverseScaling";

    /// <summary>The LiteDB file; created on first run.</summary>
    [Required]
    public string DatabasePath { get; set; } = "inverse-scaling.litedb";

    /// <summary>Folder users put task files, model folders and result files in (imports are restricted to it).</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>Extra model folders to register at start-up.</summary>
    public List<string> ModelFolders { get; set; } = [];

    /// <summary>Register the bundled datasets, models and published results on first start.</summary>
    public bool SeedBundledContent { get; set; } = true;

    /// <summary>
    /// The user's own metadata columns, each the first capture group of a regular expression over the prompt, added to
    /// every task beside the built-in ones. Checked at start-up by <see cref="RegexColumnOptions.Validate"/>.
    /// </summary>
    public List<RegexColumnOptions> MetadataColumns { get; set; } = [];

    /// <summary>
    /// Largest aggregate table (CSV) or lm-eval results JSON an import reads, in MB: these formats are read whole.
    /// Per-example files (the pipeline's CSVs, lm-eval samples) are streamed row by row and have no such limit.
    /// </summary>
    [Range(1, 65_536)]
    public int MaxTableImportMegabytes { get; set; } = 256;

    /// <summary>Largest file the dashboard accepts as an upload, in MB (streamed to a temporary file, never held in memory).</summary>
    [Range(1, 65_536)]
    public int MaxUploadMegabytes { get; set; } = 1024;

    /// <summary>Threads ONNX Runtime uses inside one operator (the machine's cores by default).</summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = Environment.ProcessorCount;
}
