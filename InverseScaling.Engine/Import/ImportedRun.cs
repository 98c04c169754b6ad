using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Import;

/// <summary>A run read from a results file and validated, ready to be stored (empty results for aggregate-only runs).</summary>
/// <param name="Run">The run record.</param>
/// <param name="Results">Its per-example results.</param>
/// <param name="NewDataset">A task built from the file itself (lm-eval samples of a task not loaded), stored with the run.</param>
/// <param name="ReadAs">What the file was read as, for the import summary ("Prize pipeline CSV, June-2022 layout; model ada from the file name").</param>
public sealed record ImportedRun(RunRecord Run, IReadOnlyList<ExampleResult> Results, TaskDataset? NewDataset = null, string? ReadAs = null);
