namespace InverseScaling.Engine.Scoring;

/// <summary>
/// The settings that change a run's numbers, and therefore belong to its cache key. Performance knobs
/// (batch sizes, threads) are deliberately not here: they must not change results.
/// </summary>
public sealed record ScoringSettings
{
    /// <summary>Few-shot examples prepended by the official recipe (0 = the file as it is).</summary>
    public int Shots { get; init; }

    /// <summary>Seed of the few-shot sampler.</summary>
    public int Seed { get; init; }

    /// <summary>Bumped whenever the scoring code changes in a way that changes numbers, so old caches are not reused.</summary>
    public const int MetricVersion = 1;
}
