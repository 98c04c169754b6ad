using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Import;

/// <summary>A run read from a results file and validated, ready to be stored (empty results for aggregate-only runs).</summary>
public sealed record ImportedRun(RunRecord Run, IReadOnlyList<ExampleResult> Results);
