using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>
/// The fast path (each prompt run once with its longest class's inputs behind it, the other classes continued from
/// that cache, in place or copied, with those positions masked out, the LM head only at scored rows) gives every class the log-probs
/// of one plain forward pass over its own prompt+class row with full logits, on the shipped models.
/// </summary>
public sealed class OneForwardPerRowTests
{
    private static readonly string[] Words = ["the", "dog", "ran", "to", "a", "big", "red", "ball", "and", "Lily", "was", "happy", "park", "sun"];

    [Theory]
    [InlineData("stories260K")]
    [InlineData("TinyStories-656K")]
    public async Task Every_class_scores_as_one_forward_pass_over_its_own_row(string model)
    {
        using var engine = TestModels.Open(TestModels.Bundled(model));
        using var naive = Naive(model);
        var context = engine.Model.Manifest.MaxContext;
        var random = new Random(7);
        TaskExample[] examples =
        [
            // Classes that share a prefix with the lead, one inside another, of one token, and twice the same.
            Example(0, "Lily and Tom went to the", [" park and played with a big red ball", " park", " sun", " park and ran", " park"]),
            Example(1, "Tom had a ball. He liked to play with his", [" ball.", " mom and dad.", " friend"], 2),
            Example(2, "The sun was hot. ", ["Tim went to the park.", "Sue was sad."], 1),
            Example(3, "She saw a big", [" dog", " tree", " car"], 1),
            // Near the context: the longer prompts leave no room for a lead before the other class, the shorter ones do.
            .. Enumerable.Range(0, 8).Select(i => NearTheContext(4 + i, engine, random, slack: 4 * i)),
        ];
        var prepared = examples.Select(e => ExampleTokens.TryCreate(e, TaskType.Classification, engine.Tokenizer, addBos: true, context, out _)).OfType<ExampleTokens>().ToList();
        Assert.True(engine.UsesKvCache);
        Assert.Contains(prepared, e => engine.Lead(e).Length > 1);
        Assert.Contains(prepared, e => engine.Lead(e).Length == 0 && e.Continuations.Count(c => c.Inputs.Length > 0) > 1);
        Assert.DoesNotContain(prepared, e => e.Truncated);

        var results = await ScoreAll(engine, examples);

        foreach (var example in examples)
        {
            for (var c = 0; c < example.Classes.Count; c++)
            {
                var alone = (await ScoreAll(naive, [example with { Classes = [example.Classes[c]], AnswerIndex = 0 }]))[0];
                var actual = results[example.Index];
                Assert.Equal(alone.ClassTokens![0].Select(t => t.Id), actual.ClassTokens![c].Select(t => t.Id));
                Assert.Equal(alone.ClassLogprobs[0], actual.ClassLogprobs[c], 1e-4);
                Assert.All(alone.ClassTokens[0].Zip(actual.ClassTokens[c]), p => Assert.Equal(p.First.Logprob, p.Second.Logprob, 1e-4));
            }
        }
    }

    /// <summary>
    /// Two-class examples continue in their prompt's own row of the first pass's cache, with padding rows for the
    /// examples whose classes are all scored from the first pass; under the default cache budget the eight examples are
    /// one batch, under a budget of one byte every batch holds one example.
    /// </summary>
    [Theory]
    [InlineData("stories260K", null)]
    [InlineData("TinyStories-656K", null)]
    [InlineData("TinyStories-656K", 1L)]
    public async Task Classes_continued_in_place_score_as_their_own_rows(string model, long? cacheBytes)
    {
        // An overhead no padding outweighs: one batch where the budgets allow it, whatever the rows' lengths.
        using var engine = TestModels.Open(
            TestModels.Bundled(model), new OnnxScorerOptions { MaxBatchCacheBytes = cacheBytes, FirstBatchExamples = 8, BatchOverheadTokens = 1 << 16 });
        using var naive = Naive(model);
        var random = new Random(11);
        TaskExample[] examples =
        [
            .. Enumerable.Range(0, 6).Select(i => Example(i, Text(random, 3 + i), [" " + Text(random, 2 + (i % 3)), " " + Text(random, 4)], i % 2)),
            // The longest row, so first in its batch: a padding row before the class rows.
            Example(6, "Tom saw a big dog and a red ball in the park with his mom and dad and Lily", [".", "!"], 1),
            Example(7, "The sun was", [" a", "."]),
        ];
        var prepared = examples.Select(e => ExampleTokens.TryCreate(e, TaskType.Classification, engine.Tokenizer, addBos: true, engine.Model.Manifest.MaxContext, out _)).OfType<ExampleTokens>().ToList();
        // Every other example or more feeds a class row (in place), and some feed none (a padding row).
        Assert.InRange(prepared.Count(e => engine.SecondPassInputs(e) > 0), examples.Length / 2, examples.Length - 1);
        Assert.Equal(cacheBytes == 1 ? examples.Length : 1, engine.PlanBatches(prepared).Count());

        var results = await ScoreAll(engine, examples);

        await AssertEachScoresAsAlone(naive, examples, results);
    }

    /// <summary>
    /// Prompts that open with the same template continue from one cache of it (run once for the task, copied per row);
    /// those that do not, run whole; with a cache budget of one byte every batch holds one example.
    /// </summary>
    [Theory]
    [InlineData("stories260K", null)]
    [InlineData("TinyStories-656K", null)]
    [InlineData("TinyStories-656K", 1L)]
    public async Task Prompts_sharing_a_template_continue_from_its_cache_with_the_same_log_probs(string model, long? cacheBytes)
    {
        using var engine = TestModels.Open(TestModels.Bundled(model), new OnnxScorerOptions { MaxBatchCacheBytes = cacheBytes });
        using var naive = Naive(model);
        var random = new Random(5);
        TaskExample[] examples =
        [
            .. Enumerable.Range(0, 7).Select(i => Example(
                i, $"Write a quote that ends in the word \"{Words[i]}\": {Text(random, 2 + i)}", [" " + Text(random, 1 + (i % 3)), " " + Words[i] + "."], i % 2)),
            Example(7, "Tom saw a big dog", [" and ran.", "."], 1),
            Example(8, "The sun was", [" hot", " big and red"]),
        ];
        var prepared = examples.Select(e => ExampleTokens.TryCreate(e, TaskType.Classification, engine.Tokenizer, addBos: true, engine.Model.Manifest.MaxContext, out _)).OfType<ExampleTokens>().ToList();
        var (prefix, members) = SharedPrefixes.Group(prepared).MaxBy(g => g.Prefix.Length);
        Assert.InRange(prefix.Length, SharedPrefixes.MinimumLength, 100);
        Assert.Equal(7, members.Count);

        var results = await ScoreAll(engine, examples);

        await AssertEachScoresAsAlone(naive, examples, results);
    }

    /// <summary>One plain forward pass per row with full logits: the reference the fast path must equal.</summary>
    private static OnnxModelScorer Naive(string model) =>
        TestModels.Open(TestModels.Bundled(model), new OnnxScorerOptions { UseKvCache = false, HeadAtScoredRowsOnly = false, MaxBatchExamples = 1 });

    /// <summary>Each example's per-class log-probs equal those of the naive scorer run on that example alone, to 1e-4.</summary>
    private static async Task AssertEachScoresAsAlone(OnnxModelScorer naive, IEnumerable<TaskExample> examples, List<ExampleResult> results)
    {
        foreach (var example in examples)
        {
            var alone = (await ScoreAll(naive, [example]))[0];
            Assert.Equal(alone.ClassLogprobs.Count, results[example.Index].ClassLogprobs.Count);
            Assert.All(alone.ClassLogprobs.Zip(results[example.Index].ClassLogprobs), p => Assert.Equal(p.First, p.Second, 1e-4));
        }
    }

    /// <summary>Two classes behind the longest prompt that leaves <paramref name="slack"/> tokens of the context free beside the longer class.</summary>
    private static TaskExample NearTheContext(int index, OnnxModelScorer engine, Random random, int slack)
    {
        string[] classes = [" " + Text(random, 6), " " + Text(random, 5)];
        var room = engine.Model.Manifest.MaxContext - slack - 1 - classes.Max(c => engine.Tokenizer.Encode(c).Length);
        var words = new List<string>();
        for (var next = Words[random.Next(Words.Length)]; engine.Tokenizer.Encode(string.Join(' ', [.. words, next])).Length <= room; next = Words[random.Next(Words.Length)])
        {
            words.Add(next);
        }

        return Example(index, string.Join(' ', words), classes);
    }

    private static string Text(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
}
