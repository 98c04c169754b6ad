using System.Runtime.ExceptionServices;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Tokenization;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// One example tokenised for scoring: the prompt tokens its classes share, and per class the tokens after them.
/// </summary>
/// <remarks>
/// The split follows lm-eval's <c>_encode_pair</c>: trailing whitespace of the prompt moves into the continuation,
/// prompt+class is tokenised jointly, and the class is scored on the tokens after the prompt's own tokens. Where the
/// tokenizer merges across the boundary (TinyStories-656K's BPE has no pre-tokenizer), those are the tokens after the
/// longest common prefix of the two tokenisations (shared/models/README.md §4), which equals lm-eval's split whenever
/// the prompt's tokens are a prefix of the joint ones.
/// </remarks>
internal sealed record ExampleTokens(TaskExample Example, int[] Prompt, IReadOnlyList<ContinuationTokens> Continuations, bool Truncated)
{
    /// <summary>Every example's tokens, in order, and a not-scored result for each that cannot be scored (<see cref="TryCreate"/>).</summary>
    /// <remarks>
    /// A scorer plans its batches over all examples' lengths, so all are tokenised before the first forward pass: on
    /// every core, since nothing else runs yet (tokenizers are thread-safe). A 262k-token tokenizer.json takes
    /// 0.1–0.3 ms an example on one core, seconds for sig-figs' 20,897.
    /// </remarks>
    public static (List<ExampleTokens> Prepared, List<ExampleResult> NotScored) CreateAll(
        IReadOnlyList<TaskExample> examples, TaskType type, ITextTokenizer tokenizer, bool addBos, int maxContext, CancellationToken cancellationToken)
    {
        var tokens = new ExampleTokens?[examples.Count];
        var reasons = new string?[examples.Count];
        try
        {
            Parallel.For(0, examples.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                tokens[i] = TryCreate(examples[i], type, tokenizer, addBos, maxContext, out reasons[i]));
        }
        catch (AggregateException e)
        {
            // The caller sees the example's own error (its message names the example and line), as one by one.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        var prepared = new List<ExampleTokens>(examples.Count);
        var notScored = new List<ExampleResult>();
        for (var i = 0; i < examples.Count; i++)
        {
            if (tokens[i] is { } tokenised)
            {
                prepared.Add(tokenised);
            }
            else
            {
                notScored.Add(ExampleResult.NotScored(examples[i].Index, reasons[i]!));
            }
        }

        return (prepared, notScored);
    }

    /// <summary>
    /// Tokenises <paramref name="example"/> for a model with <paramref name="maxContext"/> tokens, or returns null with
    /// the reason when that model cannot score it: a class (or completion) that alone does not fit the context, since
    /// cutting the prompt cannot make room for it. Such an example is recorded as not scored instead of ending the run.
    /// </summary>
    public static ExampleTokens? TryCreate(
        TaskExample example, TaskType type, ITextTokenizer tokenizer, bool addBos, int maxContext, out string? notScoredReason)
    {
        notScoredReason = null;
        IReadOnlyList<string> continuations = type == TaskType.SequenceProb ? [example.Completion ?? ""] : example.Classes;
        if (continuations.Count == 0)
        {
            throw new ArgumentException($"Example {example.Index} (line {example.Line}) has no classes to score.");
        }

        var prompt = example.Prompt;
        var context = prompt.TrimEnd();
        var moved = prompt[context.Length..];
        int[] prefix = addBos && tokenizer.BosId is { } bos ? [bos] : [];

        var contextIds = Concat(prefix, tokenizer.Encode(context));
        var full = continuations.Select(c => Concat(prefix, tokenizer.Encode(context + moved + c))).ToArray();
        var starts = full.Select(f => contextIds.AsSpan().CommonPrefixLength(f)).ToArray();
        var shared = starts.Min();
        if (shared == 0)
        {
            // Nothing to condition the first token on (empty prompt, no BOS): lm-eval prefixes the BOS/EOS token.
            if (tokenizer.BosId is not { } first)
            {
                notScoredReason = "the prompt is empty once tokenised and the tokenizer has no BOS/EOS token to start from";
                return null;
            }

            full = [.. full.Select(f => Concat([first], f))];
            starts = [.. starts.Select(s => s + 1)];
            shared = 1;
        }

        // Left-truncate the shared prompt by one amount for all classes, so the longest row fits the context.
        var cut = Math.Max(0, full.Max(f => f.Length - 1) - maxContext);
        if (cut >= shared)
        {
            // The longest row minus its final target must leave at least one prompt token: the class is scored given something.
            var what = type == TaskType.SequenceProb ? "the completion" : $"class {LongestClass(full) + 1}";
            notScoredReason = $"{what} alone needs {full.Max(f => f.Length) - shared} tokens after the prompt, more than the model's context of {maxContext}";
            return null;
        }

        var tails = full.Select((f, c) => new ContinuationTokens(f[shared..], starts[c] - shared)).ToArray();
        return new ExampleTokens(example, full[0][cut..shared], tails, cut > 0);
    }

    private static int LongestClass(int[][] full)
    {
        var longest = 0;
        for (var c = 1; c < full.Length; c++)
        {
            longest = full[c].Length > full[longest].Length ? c : longest;
        }

        return longest;
    }

    private static int[] Concat(int[] prefix, int[] ids) => prefix.Length == 0 ? ids : [.. prefix, .. ids];
}

/// <summary>
/// The tokens of one class after the shared prompt. <see cref="Tail"/>[..ScoreFrom] repeat the prompt's own tokens
/// (a class whose joint tokenisation departs later than another's) and are fed but not scored.
/// </summary>
internal sealed record ContinuationTokens(int[] Tail, int ScoreFrom)
{
    /// <summary>Tokens this class feeds after the prompt: all but the last, which is only ever a target.</summary>
    public ReadOnlySpan<int> Inputs => Tail.Length > 0 ? Tail.AsSpan(0, Tail.Length - 1) : [];
}
