namespace InverseScaling.Engine.Scoring;

/// <summary>
/// One example's outcome for one model, with everything needed to recompute the Prize metric and lm-eval's
/// acc/acc_norm, and to show the evidence in the example view.
/// </summary>
public sealed record ExampleResult
{
    /// <summary>Row index in the task (matches <see cref="Data.TaskExample.Index"/>).</summary>
    public required int Index { get; init; }

    /// <summary>
    /// The task type's per-example metric, the one the Prize plots. Classification: −log_softmax(class log-probs)[answer].
    /// Sequence_prob: summed NLL of the completion. Logodds / absolute_logodds: the pipeline's <c>logodds_difference</c>
    /// (<see cref="PrizeMetrics.Logodds"/>).
    /// </summary>
    public required double Loss { get; init; }

    /// <summary>Classification: argmax over classes equals the answer (logodds: after <c>other_prompt</c>). Sequence_prob: false.</summary>
    public bool Correct { get; init; }

    /// <summary>Index of the argmax class (−1 for sequence_prob; logodds: after <c>other_prompt</c>).</summary>
    public int Predicted { get; init; } = -1;

    /// <summary>
    /// logsumexp of the raw class log-probs: log of the probability mass on all classes together (logodds: over both
    /// prompts' class log-probs together, as the pipeline writes it).
    /// </summary>
    public double TotalLogprob { get; init; }

    /// <summary>Raw summed log-prob of each class (lm-eval's loglikelihood), before renormalisation; logodds: after <c>prompt</c>.</summary>
    public IReadOnlyList<double> ClassLogprobs { get; init; } = [];

    /// <summary>Logodds tasks: the log-prob of each class's token after <c>other_prompt</c>; empty for other types.</summary>
    public IReadOnlyList<double> OtherClassLogprobs { get; init; } = [];

    /// <summary>Per class, the scored tokens and their log-probs (absent for imported runs).</summary>
    public IReadOnlyList<IReadOnlyList<TokenScore>>? ClassTokens { get; init; }

    /// <summary>The prompt was longer than the model's context and was cut at the left.</summary>
    public bool Truncated { get; init; }

    /// <summary>Prompt length in tokens as scored (after truncation); 0 when unknown (imports).</summary>
    public int PromptTokens { get; init; }

    /// <summary>
    /// Why this model could not score the example (a class alone longer than its context), or null when it was
    /// scored. A result that was not scored has no numbers (<see cref="Loss"/> is NaN) and is left out of every aggregate.
    /// </summary>
    public string? NotScoredReason { get; init; }

    public bool Scored => NotScoredReason is null;

    /// <summary>
    /// A classification example's result from the raw summed log-prob of each class: the Prize's loss, correct,
    /// predicted and class mass (<see cref="PrizeMetrics.Classify"/>). Scorers add their evidence (tokens, truncation)
    /// with <c>with</c>.
    /// </summary>
    public static ExampleResult Classified(int index, IReadOnlyList<double> classLogprobs, int answerIndex)
    {
        var outcome = PrizeMetrics.Classify(classLogprobs, answerIndex);
        return Outcome(index, outcome.Loss, outcome.Correct, outcome.Predicted, outcome.TotalLogprob, classLogprobs);
    }

    /// <summary>A sequence_prob example's result: the completion's summed log-prob is its whole evidence, its negation the loss.</summary>
    public static ExampleResult Sequence(int index, double completionLogprob) => new()
    {
        Index = index,
        Loss = -completionLogprob,
        TotalLogprob = completionLogprob,
        ClassLogprobs = [completionLogprob],
    };

    /// <summary>
    /// A logodds or absolute_logodds example's result from each class token's log-prob after <c>prompt</c> and after
    /// <c>other_prompt</c> (<see cref="PrizeMetrics.Logodds"/>).
    /// </summary>
    public static ExampleResult Logodds(int index, IReadOnlyList<double> promptLogprobs, IReadOnlyList<double> otherLogprobs, int answerIndex, bool absolute)
    {
        var outcome = PrizeMetrics.Logodds(promptLogprobs, otherLogprobs, answerIndex, absolute);
        return Outcome(index, outcome.Difference, outcome.Correct, outcome.Predicted, outcome.TotalLogprob, promptLogprobs) with
        {
            OtherClassLogprobs = otherLogprobs,
        };
    }

    private static ExampleResult Outcome(int index, double loss, bool correct, int predicted, double totalLogprob, IReadOnlyList<double> classLogprobs) => new()
    {
        Index = index,
        Loss = loss,
        Correct = correct,
        Predicted = predicted,
        TotalLogprob = totalLogprob,
        ClassLogprobs = classLogprobs,
    };

    /// <summary>The record of an example the model could not score, kept so the run completes and says why.</summary>
    public static ExampleResult NotScored(int index, string reason) => new()
    {
        Index = index,
        Loss = double.NaN,
        TotalLogprob = double.NaN,
        NotScoredReason = reason,
    };

    /// <summary>The round-1 Prize pipeline's <c>partial_credit</c> column, kept as it was imported; null otherwise.</summary>
    public double? PartialCredit { get; init; }
}

/// <summary>One scored token: its id, its text, and log p(token | everything before it).</summary>
public sealed record TokenScore(int Id, string Text, double Logprob);
