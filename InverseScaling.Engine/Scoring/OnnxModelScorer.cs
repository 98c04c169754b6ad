using System.Diagnostics;
using System.Runtime.CompilerServices;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace InverseScaling.Engine.Scoring;

/// <summary>
/// Scores examples with one ONNX causal LM by the Inverse Scaling Prize's metric: per class the summed log-prob of
/// its tokens given the prompt (lm-eval's joint tokenisation, see <see cref="ExampleTokens"/>), renormalised over the
/// classes by <see cref="PrizeMetrics"/>; for sequence_prob the summed NLL of the completion.
/// </summary>
/// <remarks>
/// Speed: examples are sorted by length and batched up to a token budget (and, with a KV cache, a cache budget). With
/// a KV-cache graph each prompt runs once, with one class's inputs behind it, and the other classes continue from its
/// cache, read in place where each example has one such class and copied where it has several (single-token classes
/// cost nothing beyond the prompt);
/// with a plain graph each distinct prompt+class row runs once, right-padded, which gives bitwise the logits of the
/// row run alone. Log-softmax is taken in double only at the scored positions.
/// </remarks>
internal sealed class OnnxModelScorer : IModelScorer
{
    private readonly InferenceSession _session;
    private readonly OnnxScorerOptions _options;

    /// <summary>Set once the graph has refused several new tokens on top of a past; from then on classes run token by token.</summary>
    private bool _tokenByToken;

    /// <summary>Set when that refusal came with a shared prompt prefix's cache; from then on every prompt runs whole.</summary>
    private bool _noSharedPrefix;

    /// <summary>Bytes of KV cache one pass may return (<see cref="OnnxScorerOptions.MaxBatchCacheBytes"/>, read once).</summary>
    private readonly long _cacheBudget;

    internal OnnxModelScorer(ModelDescriptor model, InferenceSession session, GraphLayout layout, ITextTokenizer tokenizer, OnnxScorerOptions options)
    {
        Model = model;
        _session = session;
        Layout = layout;
        Tokenizer = tokenizer;
        _options = options;
        _cacheBudget = options.MaxBatchCacheBytes ?? Math.Max(48L << 20, ModelFolder.GraphBytes(ModelFolder.OnnxPath(model)) / 10);
    }

    public ModelDescriptor Model { get; }

    public ITextTokenizer Tokenizer { get; }

    public GraphLayout Layout { get; }

    /// <summary>The session itself, for the benchmark's raw floor on the same graph.</summary>
    internal InferenceSession Session => _session;

    /// <summary>Whether prompts are run once and classes continue from their KV cache.</summary>
    public bool UsesKvCache => Layout.HasKvCache && _options.UseKvCache;

    public async IAsyncEnumerable<IReadOnlyList<ExampleResult>> ScoreAsync(
        TaskType type,
        IReadOnlyList<TaskExample> examples,
        IProgress<ScoringProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (type.IsLogodds())
        {
            // Next-token log-probs after two prompts: a path of its own, sharing only the forward pass.
            var logodds = new LogoddsScorer(_session, Layout, Tokenizer, Model.Manifest, _options, CheckVocabulary);
            await foreach (var batch in logodds.ScoreAsync(type, examples, progress, cancellationToken).ConfigureAwait(false))
            {
                yield return batch;
            }

            yield break;
        }

        var manifest = Model.Manifest;
        var (prepared, notScored) = ExampleTokens.CreateAll(examples, type, Tokenizer, manifest.AddBos, manifest.MaxContext, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        long tokens = 0;
        var done = notScored.Count;
        progress?.Report(new ScoringProgress(done, examples.Count, 0, TimeSpan.Zero));
        if (notScored.Count > 0)
        {
            yield return notScored;
        }

        foreach (var (prefix, members) in UsesKvCache ? SharedPrefixes.Group(prepared) : [([], prepared)])
        {
            using var shared = new SharedPrefix(prefix);
            foreach (var batch in PlanBatches(members))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (results, fed) = await Task.Run(() => ScoreBatch(type, batch, shared, cancellationToken), cancellationToken).ConfigureAwait(false);
                done += results.Count;
                tokens += fed;
                progress?.Report(new ScoringProgress(done, examples.Count, tokens, stopwatch.Elapsed));
                yield return results;
            }
        }
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// Longest first (as lm-eval: the heaviest batch comes first, so estimates err high), cut by <see cref="BatchPlanner"/> within the budgets; with a KV
    /// cache the class pass sees every row's cache padded to the batch's longest first-pass row, so that plus the
    /// longest other class inputs must also fit the context (each example alone fits by <see cref="ExampleTokens.TryCreate"/>).
    /// </summary>
    internal IEnumerable<List<ExampleTokens>> PlanBatches(IEnumerable<ExampleTokens> prepared)
    {
        // Full logits are positions × vocabulary floats, which caps a batch at a few hundred tokens with a 32k
        // vocabulary; a scored-rows graph returns logits only at the scored positions, so only the token budget applies.
        var vocabulary = Math.Max(Layout.LogitsVocabulary ?? Tokenizer.VocabularySize, 1);
        var budget = Layout.HasScoredRows ? _options.MaxBatchTokens : (int)Math.Clamp(_options.MaxBatchLogits / vocabulary, 1, _options.MaxBatchTokens);
        if (UsesKvCache && Layout.KvBytesPerPosition is { } cacheBytes)
        {
            budget = (int)Math.Clamp(_cacheBudget / cacheBytes, 1, budget);
        }

        var sorted = prepared
            .Select(e => (Example: e, Width: RowWidth(e), SecondPass: SecondPassInputs(e)))
            .OrderByDescending(p => p.Width).ThenByDescending(p => p.SecondPass).ThenBy(p => p.Example.Example.Index)
            .Select(p => (p.Example, new BatchPlanner.Item(UsesKvCache ? 1 : PlainRows(p.Example).Count, p.Width, UsesKvCache ? p.SecondPass : 0)))
            .ToList();
        var limits = new BatchPlanner.Limits(
            budget, _options.MaxBatchExamples, Math.Min(_options.FirstBatchExamples, _options.MaxBatchExamples), Model.Manifest.MaxContext, _options.BatchOverheadTokens);
        return BatchPlanner.Cut(sorted, limits);
    }

    private int RowWidth(ExampleTokens example) =>
        UsesKvCache ? example.Prompt.Length + Lead(example).Length : example.Prompt.Length + example.Continuations.Max(c => c.Inputs.Length);

    /// <summary>The longest inputs the second pass of a KV batch feeds for this example (the classes other than the lead).</summary>
    internal int SecondPassInputs(ExampleTokens example)
    {
        var lead = Lead(example);
        return example.Continuations.Where(c => !c.Inputs.SequenceEqual(lead)).Select(c => c.Inputs.Length).DefaultIfEmpty(0).Max();
    }

    private (IReadOnlyList<ExampleResult> Results, long Tokens) ScoreBatch(TaskType type, List<ExampleTokens> batch, SharedPrefix shared, CancellationToken cancellationToken)
    {
        // Kernel errors reach the caller as exceptions with the same text; ONNX Runtime's own stderr copy would only
        // garble the command line's progress bar (and the expected refusal that switches to token-by-token continuation).
        using var runOptions = new RunOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        double[][][] logProbs;
        long tokens;
        try
        {
            (logProbs, tokens) = UsesKvCache ? ScoreWithCache(batch, shared, runOptions) : ScorePlain(batch, runOptions);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            // Terminate stops the forward pass mid-way; ONNX Runtime reports that as an error of its own.
            throw new OperationCanceledException("Scoring was cancelled.", e, cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            // Every sequence is within the manifest's maxContext, so a graph that refuses one has a smaller context than the manifest claims.
            throw new ModelFormatException(
                ModelFolder.OnnxPath(Model),
                $"ONNX Runtime refused a batch ({e.Message.Trim()}); check that \"maxContext\" ({Model.Manifest.MaxContext}) in {ModelFolder.ManifestFileName} is not larger than the graph's context",
                inner: e);
        }

        var results = new ExampleResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = ToResult(type, batch[i], logProbs[i]);
        }

        return (results, tokens);
    }

    /// <summary>Per example, per class, the log-prob of each scored token.</summary>
    private (double[][][] LogProbs, long Tokens) ScorePlain(List<ExampleTokens> batch, RunOptions runOptions)
    {
        var rows = new List<int[]>();
        var rowOf = new List<int[]>();
        foreach (var example in batch)
        {
            var distinct = PlainRows(example);
            var first = rows.Count;
            rows.AddRange(distinct.Select(r => r.Ids));
            rowOf.Add([.. example.Continuations.Select((_, c) => first + distinct.FindIndex(r => r.Classes.Contains(c)))]);
        }

        var scored = batch.SelectMany((example, e) => example.Continuations.SelectMany((c, k) =>
            ScoredRange(c).Select(j => (rowOf[e][k], example.Prompt.Length - 1 + j))));
        using var pass = OnnxForwardPass.Run(_session, Layout, rows, past: null, keepCache: false, runOptions, scored);
        CheckVocabulary(pass);
        var logProbs = new double[batch.Count][][];
        for (var e = 0; e < batch.Count; e++)
        {
            var example = batch[e];
            logProbs[e] = [.. example.Continuations.Select((c, k) =>
                ScoredRange(c).Select(j => pass.LogProb(rowOf[e][k], example.Prompt.Length - 1 + j, c.Tail[j])).ToArray())];
        }

        return (logProbs, rows.Sum(r => (long)r.Length));
    }

    /// <summary>
    /// Each prompt with one class's inputs behind it (the <see cref="Lead"/>) in one pass, continuing from the cache of
    /// the prompts' shared prefix where they have one (run once for the task); then the other classes' inputs in a
    /// second pass that continues from that cache with the lead's positions masked out, so it sees exactly the prompt.
    /// The lead costs no pass of its own and the second pass, which runs few tokens per row and so at a small
    /// fraction of the first pass's speed per token, shrinks by one row per example.
    /// </summary>
    private (double[][][] LogProbs, long Tokens) ScoreWithCache(List<ExampleTokens> batch, SharedPrefix shared, RunOptions runOptions)
    {
        // Positions in this batch's passes count from the end of the shared prefix.
        var offset = _noSharedPrefix ? 0 : shared.Ids.Length;
        long prefixTokens = 0;
        if (offset > 0 && shared.Pass is null)
        {
            shared.Pass = OnnxForwardPass.Run(_session, Layout, [shared.Ids], past: null, keepCache: true, runOptions, scored: []);
            prefixTokens = offset;
        }

        var leads = batch.Select(Lead).ToArray();
        var firstRows = batch.Select((e, i) => (int[])[.. e.Prompt.AsSpan(offset), .. leads[i]]).ToList();
        var rows = new List<int[]>();
        var source = new List<int>();
        var rowOf = new int[batch.Count][];
        for (var e = 0; e < batch.Count; e++)
        {
            rowOf[e] = new int[batch[e].Continuations.Count];
            var seen = new List<(int[] Ids, int Row)>();
            for (var c = 0; c < batch[e].Continuations.Count; c++)
            {
                var inputs = batch[e].Continuations[c].Inputs.ToArray();
                if (inputs.Length == 0 || inputs.AsSpan().SequenceEqual(leads[e]))
                {
                    // Scored from the first pass: at the prompt's last position, then along the lead.
                    rowOf[e][c] = -1;
                    continue;
                }

                var match = seen.FindIndex(s => inputs.AsSpan().SequenceEqual(s.Ids));
                if (match < 0)
                {
                    seen.Add((inputs, rows.Count));
                    rows.Add(inputs);
                    source.Add(e);
                    match = seen.Count - 1;
                }

                rowOf[e][c] = seen[match].Row;
            }
        }

        // Where each example feeds at most one class row, and at least every other example feeds one, each row takes
        // its prompt's own place in the first pass's cache (examples without one run a padding row) and continues
        // from that cache in place: copying it would cost as much memory again, and time.
        var inPlace = rows.Count * 2 >= batch.Count && source.Distinct().Count() == rows.Count;
        if (inPlace)
        {
            var placed = new int[batch.Count][];
            Array.Fill(placed, []);
            for (var r = 0; r < rows.Count; r++)
            {
                placed[source[r]] = rows[r];
            }

            foreach (var classes in rowOf)
            {
                for (var c = 0; c < classes.Length; c++)
                {
                    classes[c] = classes[c] < 0 ? -1 : source[classes[c]];
                }
            }

            rows = [.. placed];
            source = [.. Enumerable.Range(0, batch.Count)];
        }

        var firstScored = batch.SelectMany((example, e) => example.Continuations.SelectMany((c, k) =>
            ScoredRange(c).Where(j => j == 0 || rowOf[e][k] < 0).Select(j => (e, example.Prompt.Length - offset - 1 + j))));
        using var firstPass = PromptPass(shared, offset, firstRows, keepCache: rows.Count > 0, runOptions, firstScored);
        if (firstPass is null)
        {
            _noSharedPrefix = true;
            return ScoreWithCache(batch, shared, runOptions);
        }

        CheckVocabulary(firstPass);
        var classScored = batch.SelectMany((example, e) => example.Continuations.SelectMany((c, k) =>
            ScoredRange(c).Where(j => j > 0 && rowOf[e][k] >= 0).Select(j => (rowOf[e][k], j - 1))));
        using var classPasses = rows.Count > 0
            ? Continue(firstPass, source, [.. source.Select(e => batch[e].Prompt.Length - offset)], rows, inPlace, runOptions, classScored)
            : null;
        var logProbs = new double[batch.Count][][];
        for (var e = 0; e < batch.Count; e++)
        {
            var example = batch[e];
            var last = example.Prompt.Length - offset - 1;
            logProbs[e] = [.. example.Continuations.Select((c, k) => ScoredRange(c).Select(j => j == 0 || rowOf[e][k] < 0
                ? firstPass.LogProb(e, last + j, c.Tail[j])
                : classPasses!.LogProb(rowOf[e][k], j - 1, c.Tail[j])).ToArray())];
        }

        return (logProbs, prefixTokens + firstRows.Sum(p => (long)p.Length) + rows.Sum(r => (long)r.Length));
    }

    /// <summary>
    /// The first pass over <paramref name="rows"/>, from the shared prefix's cache (one copy per row) when
    /// <paramref name="offset"/> is its length; null when the graph refuses several new tokens on top of a past
    /// (onnxruntime-genai's builder makes such graphs), so that the prompts must run whole.
    /// </summary>
    private OnnxForwardPass? PromptPass(
        SharedPrefix shared, int offset, List<int[]> rows, bool keepCache, RunOptions runOptions, IEnumerable<(int Row, int Position)> scored)
    {
        using var prefixCache = offset > 0 ? shared.Pass!.GatherCache([.. Enumerable.Repeat(0, rows.Count)]) : null;
        try
        {
            return OnnxForwardPass.Run(_session, Layout, rows, prefixCache, keepCache, runOptions, scored);
        }
        catch (OnnxRuntimeException) when (offset > 0 && !runOptions.Terminate)
        {
            return null;
        }
    }

    /// <summary>
    /// The class inputs that ride with the prompt in the first pass: the longest (the most tokens moved into the
    /// efficient pass), or none where the longest other class would then no longer fit the context behind them
    /// (the second pass's cache holds the lead's masked positions too).
    /// </summary>
    internal int[] Lead(ExampleTokens example)
    {
        var inputs = example.Continuations.Select(c => c.Inputs.ToArray()).OrderByDescending(i => i.Length).ToList();
        var lead = inputs[0];
        var other = inputs.Where(i => !i.AsSpan().SequenceEqual(lead)).Select(i => i.Length).DefaultIfEmpty(0).Max();
        return example.Prompt.Length + lead.Length + other <= Model.Manifest.MaxContext ? lead : [];
    }

    /// <summary>
    /// Runs the class rows on their prompt's cache (the first <c>visible</c> positions of each source row; read in
    /// place where the rows are the prompt pass's own, else copied): all their tokens in one pass, or, for graphs that take
    /// several new tokens only with an empty past (onnxruntime-genai's builder makes such graphs), one token per pass.
    /// </summary>
    private ContinuationPasses Continue(
        OnnxForwardPass promptPass, List<int> source, int[] visible, List<int[]> rows, bool inPlace, RunOptions runOptions, IEnumerable<(int Row, int Position)> scored)
    {
        if (!_tokenByToken || rows.All(r => r.Length <= 1))
        {
            using var cache = inPlace ? promptPass.ShareCache(visible) : promptPass.GatherCache(source, visible);
            try
            {
                return new ContinuationPasses([OnnxForwardPass.Run(_session, Layout, rows, cache, keepCache: false, runOptions, scored)], tokenByToken: false);
            }
            catch (OnnxRuntimeException) when (!_tokenByToken && rows.Any(r => r.Length > 1) && !runOptions.Terminate)
            {
                _tokenByToken = true;
            }
        }

        var steps = new List<OnnxForwardPass>();
        PastCache? stepCache = promptPass.GatherCache(source, visible);
        try
        {
            var width = rows.Max(r => r.Length);
            var identity = Enumerable.Range(0, rows.Count).ToList();
            for (var j = 0; j < width; j++)
            {
                var step = OnnxForwardPass.Run(_session, Layout, [.. rows.Select(r => j < r.Length ? [r[j]] : Array.Empty<int>())], stepCache, keepCache: j + 1 < width, runOptions);
                steps.Add(step);
                stepCache?.Dispose();
                stepCache = j + 1 < width ? step.GatherCache(identity) : null;
            }

            return new ContinuationPasses(steps, tokenByToken: true);
        }
        catch
        {
            steps.ForEach(s => s.Dispose());
            throw;
        }
        finally
        {
            stepCache?.Dispose();
        }
    }

    /// <summary>The example's distinct prompt+class input rows (single-token classes all share the bare prompt).</summary>
    private static List<(int[] Ids, List<int> Classes)> PlainRows(ExampleTokens example)
    {
        var rows = new List<(int[] Ids, List<int> Classes)>();
        for (var c = 0; c < example.Continuations.Count; c++)
        {
            int[] ids = [.. example.Prompt, .. example.Continuations[c].Inputs];
            var match = rows.FindIndex(r => r.Ids.AsSpan().SequenceEqual(ids));
            if (match >= 0)
            {
                rows[match].Classes.Add(c);
            }
            else
            {
                rows.Add((ids, [c]));
            }
        }

        return rows;
    }

    private static IEnumerable<int> ScoredRange(ContinuationTokens continuation) =>
        Enumerable.Range(continuation.ScoreFrom, continuation.Tail.Length - continuation.ScoreFrom);

    private void CheckVocabulary(OnnxForwardPass pass)
    {
        if (pass.Vocabulary < Tokenizer.VocabularySize)
        {
            throw new ModelFormatException(
                ModelFolder.OnnxPath(Model),
                $"the logits have {pass.Vocabulary} entries but the tokenizer {Model.Manifest.Tokenizer} has {Tokenizer.VocabularySize} tokens");
        }
    }

    private ExampleResult ToResult(TaskType type, ExampleTokens example, double[][] logProbs)
    {
        var sums = logProbs.Select(l => l.Sum()).ToArray();
        var tokens = example.Continuations
            .Select((c, k) => (IReadOnlyList<TokenScore>)[.. ScoredRange(c).Select((j, n) => new TokenScore(c.Tail[j], Tokenizer.TokenText(c.Tail[j]), logProbs[k][n]))])
            .ToArray();
        var result = type == TaskType.SequenceProb
            ? ExampleResult.Sequence(example.Example.Index, sums[0])
            : ExampleResult.Classified(example.Example.Index, sums, example.Example.AnswerIndex);
        return result with
        {
            ClassTokens = tokens,
            Truncated = example.Truncated,
            PromptTokens = example.Prompt.Length,
        };
    }
}

/// <summary>The forward passes of the class rows: one pass, or one per token position.</summary>
internal sealed class ContinuationPasses(List<OnnxForwardPass> passes, bool tokenByToken) : IDisposable
{
    /// <summary>log p(token | prompt, the row's first <paramref name="position"/>+1 inputs).</summary>
    public double LogProb(int row, int position, int token) =>
        tokenByToken ? passes[position].LogProb(row, 0, token) : passes[0].LogProb(row, position, token);

    public void Dispose() => passes.ForEach(p => p.Dispose());
}

/// <summary>A prompt prefix that a group of examples shares, and its pass once run (its cache is what the group's prompts continue from).</summary>
internal sealed class SharedPrefix(int[] ids) : IDisposable
{
    public int[] Ids { get; } = ids;

    public OnnxForwardPass? Pass { get; set; }

    public void Dispose() => Pass?.Dispose();
}
