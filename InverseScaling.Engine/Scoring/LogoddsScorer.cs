using System.Diagnostics;
using System.Runtime.CompilerServices;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Scores logodds and absolute_logodds tasks as the Prize pipeline does (models.py, <c>HFModel._evaluate_logodds</c>):
/// one forward pass over <c>prompt</c> and one over <c>other_prompt</c>, each tokenised alone as the pipeline's tokenizer
/// call does (with BOS where the model's manifest adds one); the next-token log-prob at each prompt's last position of
/// every class's token, which is the last token of the class tokenised on its own (<c>_extract_relevant_logits</c>);
/// then <see cref="PrizeMetrics.Logodds"/>.
/// </summary>
/// <remarks>
/// Only the last position of each prompt is read, so the prompts run as plain right-padded rows with no cache to keep;
/// a prompt longer than the context is cut at the left, like every prompt this engine scores (the pipeline's tokenizer
/// would cut the end, which removes the question the next token answers).
/// </remarks>
internal sealed class LogoddsScorer(
    InferenceSession session,
    GraphLayout layout,
    ITextTokenizer tokenizer,
    ModelManifest manifest,
    OnnxScorerOptions options,
    Action<OnnxForwardPass> checkVocabulary)
{
    public async IAsyncEnumerable<IReadOnlyList<ExampleResult>> ScoreAsync(
        TaskType type,
        IReadOnlyList<TaskExample> examples,
        IProgress<ScoringProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prepared = examples.Select(Prepare).ToList();
        var absolute = type == TaskType.AbsoluteLogodds;
        var stopwatch = Stopwatch.StartNew();
        long tokens = 0;
        var done = 0;
        progress?.Report(new ScoringProgress(0, examples.Count, 0, TimeSpan.Zero));
        foreach (var batch in PlanBatches(prepared))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var results = await Task.Run(() => ScoreBatch(batch, absolute, cancellationToken), cancellationToken).ConfigureAwait(false);
            done += results.Count;
            tokens += batch.Sum(p => (long)p.Prompt.Length + p.Other.Length);
            progress?.Report(new ScoringProgress(done, examples.Count, tokens, stopwatch.Elapsed));
            yield return results;
        }
    }

    /// <summary>One example's two prompts as fed (cut at the left to the context) and its classes' next-token ids.</summary>
    private sealed record Prepared(TaskExample Example, int[] Prompt, int[] Other, int[] ClassTokens, bool Truncated)
    {
        public int Width => Math.Max(Prompt.Length, Other.Length);
    }

    private Prepared Prepare(TaskExample example)
    {
        if (example.OtherPrompt is null)
        {
            throw new ArgumentException($"Example {example.Index} (line {example.Line}) has no other_prompt to compare its prompt with.");
        }

        var classTokens = example.Classes.Select((c, k) => tokenizer.Encode(c) is { Length: > 0 } ids
            ? ids[^1]
            : throw new ArgumentException($"Example {example.Index} (line {example.Line}): class {k + 1} \"{c}\" gives no token.")).ToArray();
        var (prompt, cutPrompt) = PromptIds(example, example.Prompt);
        var (other, cutOther) = PromptIds(example, example.OtherPrompt);
        return new Prepared(example, prompt, other, classTokens, cutPrompt || cutOther);
    }

    private (int[] Ids, bool Truncated) PromptIds(TaskExample example, string text)
    {
        int[] ids = manifest.AddBos && tokenizer.BosId is { } bos ? [bos, .. tokenizer.Encode(text)] : tokenizer.Encode(text);
        if (ids.Length == 0)
        {
            throw new ArgumentException($"Example {example.Index} (line {example.Line}): a prompt gives no token and the model adds no BOS to start from.");
        }

        return ids.Length > manifest.MaxContext ? (ids[^manifest.MaxContext..], true) : (ids, false);
    }

    /// <summary>Longest first, two rows per example, up to the same budgets as classification batches.</summary>
    private IEnumerable<List<Prepared>> PlanBatches(List<Prepared> prepared)
    {
        var vocabulary = Math.Max(layout.LogitsVocabulary ?? tokenizer.VocabularySize, 1);
        var budget = (int)Math.Clamp(options.MaxBatchLogits / vocabulary, 1, options.MaxBatchTokens);
        var batch = new List<Prepared>();
        var width = 0;
        foreach (var example in prepared.OrderByDescending(p => p.Width).ThenBy(p => p.Example.Index))
        {
            if (batch.Count > 0 && ((batch.Count + 1) * 2 * Math.Max(width, example.Width) > budget || batch.Count >= options.MaxBatchExamples))
            {
                yield return batch;
                batch = [];
                width = 0;
            }

            batch.Add(example);
            width = Math.Max(width, example.Width);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private IReadOnlyList<ExampleResult> ScoreBatch(List<Prepared> batch, bool absolute, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        OnnxForwardPass pass;
        try
        {
            // Row 2e is example e's prompt, row 2e + 1 its other_prompt.
            pass = OnnxForwardPass.Run(session, layout, [.. batch.SelectMany(p => new[] { p.Prompt, p.Other })], past: null, keepCache: false, runOptions);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Scoring was cancelled.", e, cancellationToken);
        }

        using (pass)
        {
            checkVocabulary(pass);
            return [.. batch.Select((p, e) => ToResult(p, NextTokenLogprobs(pass, 2 * e, p), NextTokenLogprobs(pass, 2 * e + 1, p), absolute))];
        }
    }

    private static double[] NextTokenLogprobs(OnnxForwardPass pass, int row, Prepared prepared)
    {
        var last = (row % 2 == 0 ? prepared.Prompt : prepared.Other).Length - 1;
        return [.. prepared.ClassTokens.Select(token => pass.LogProb(row, last, token))];
    }

    private ExampleResult ToResult(Prepared prepared, double[] promptLogprobs, double[] otherLogprobs, bool absolute)
    {
        return ExampleResult.Logodds(prepared.Example.Index, promptLogprobs, otherLogprobs, prepared.Example.AnswerIndex, absolute) with
        {
            ClassTokens = [.. prepared.ClassTokens.Select((token, k) => (IReadOnlyList<TokenScore>)[new TokenScore(token, tokenizer.TokenText(token), promptLogprobs[k])])],
            Truncated = prepared.Truncated,
            PromptTokens = prepared.Prompt.Length,
        };
    }
}
