using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Scores examples with one loaded model (one ONNX InferenceSession, reused for every call).
/// </summary>
internal interface IModelScorer : IDisposable
{
    ModelDescriptor Model { get; }

    /// <summary>
    /// Scores <paramref name="examples"/> and yields results in batches as they complete (not necessarily in index
    /// order: examples are batched by length). Stopping the enumeration or cancelling loses only the batch in flight.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<ExampleResult>> ScoreAsync(
        TaskType type,
        IReadOnlyList<TaskExample> examples,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default);
}

/// <summary>Opens models for scoring; the one place that knows how a model folder becomes a scorer.</summary>
internal interface IModelScorerFactory
{
    IModelScorer Open(ModelDescriptor model);
}

/// <summary>Progress of one scoring call.</summary>
internal sealed record ScoringProgress(int ExamplesDone, int ExamplesTotal, long TokensDone, TimeSpan Elapsed)
{
    public double TokensPerSecond => Elapsed.TotalSeconds > 0 ? TokensDone / Elapsed.TotalSeconds : 0;
}
