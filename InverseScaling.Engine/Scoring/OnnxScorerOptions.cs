namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Performance knobs of <see cref="OnnxModelScorer"/>. None of them changes a result beyond float rounding, which is
/// why they are not part of <see cref="ScoringSettings"/> (the cache key).
/// </summary>
internal sealed record OnnxScorerOptions
{
    /// <summary>Run each prompt once and score its classes from copies of its KV cache, where the graph has one.</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>
    /// Apply the LM head only at the positions that are scored, through a graph derived from the model's own and
    /// cached beside it (<see cref="Models.Onnx.ScoredRowsGraph"/>); graphs of another shape keep full logits.
    /// </summary>
    public bool HeadAtScoredRowsOnly { get; init; } = true;

    /// <summary>Upper bound on padded token positions per forward pass (rows × longest row).</summary>
    public int MaxBatchTokens { get; init; } = 2048;

    /// <summary>Upper bound on logits held per forward pass (positions × vocabulary), which bounds memory for large vocabularies.</summary>
    public long MaxBatchLogits { get; init; } = 16L << 20;

    /// <summary>
    /// Upper bound on the KV cache one pass returns (padded positions × <see cref="Models.GraphLayout.KvBytesPerPosition"/>);
    /// null: a tenth of the graph's weights, and at least 48 MiB. The class pass holds that cache and its own longer
    /// copy at once, so this, not the arena's other buffers, sets the peak memory of scoring beyond the weights (a 110M
    /// model: 843 MiB in all where the 2,048-token budget alone took 1.3 GB). Relative to the weights, because the
    /// class pass reads every weight once per batch whatever its rows: a fixed cap would leave a 1B model a few rows a
    /// batch and that pass bound by memory bandwidth. Small models stay under it at the token budget.
    /// </summary>
    public long? MaxBatchCacheBytes { get; init; }

    /// <summary>Upper bound on examples per batch.</summary>
    public int MaxBatchExamples { get; init; } = 128;

    /// <summary>
    /// What one batch costs beyond its padded positions, in positions: each of its passes reads every weight once and
    /// runs every node of the graph, whatever its rows. <see cref="BatchPlanner"/> weighs it against padding.
    /// </summary>
    public int BatchOverheadTokens { get; init; } = 64;

    /// <summary>
    /// Upper bound on examples in the first batch, which holds the longest ones: a small one puts the first results
    /// (and a throughput estimate) on screen within a second or two of the start even for a 110M model.
    /// </summary>
    public int FirstBatchExamples { get; init; } = 4;
}
