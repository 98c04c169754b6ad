using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

public sealed class OnnxModelScorerTests
{
    private static readonly TaskExample[] Stories =
    [
        Example(0, "Once upon a time, there was a little girl named", [" Lily", " Tom", " a big red dog"], 0),
        Example(1, "Tom had a ball. He liked to play with his", [" ball.", " mom and dad.", " friend"], 2),
        Example(2, "The sun was hot. ", ["Tim went to the park.", "Sue was sad."], 1),
        Example(3, "One day", [" A", " B"], 1),
        Example(4, "She saw a big", [" dog", " tree", " car", " dog"], 1),
    ];

    [Fact]
    public async Task Fp16_fixture_scores_the_same_through_the_kv_cache_as_over_the_full_sequence()
    {
        using var root = new TempFolder();
        var folder = TestModels.Folder(
            root, "fp16", Fixtures.Models("onnx-fixtures", "tiny-random-LlamaForCausalLM-fp16", "model.onnx"),
            Fixtures.Gunzipped("models", "onnx-fixtures", "tiny-random-LlamaForCausalLM-fp16", "tokenizer.json.gz"), maxContext: 64);
        using var cached = TestModels.Open(folder);
        using var full = TestModels.Open(folder, new OnnxScorerOptions { UseKvCache = false });
        Assert.True(cached.UsesKvCache);
        Assert.False(full.UsesKvCache);

        var withCache = await ScoreAll(cached, Stories);
        var withoutCache = await ScoreAll(full, Stories);

        AssertSameScores(withoutCache, withCache, 1e-4);
        Assert.Contains(withCache, r => r.ClassTokens!.Any(t => t.Count > 1));
    }

    [Fact]
    public async Task Real_kv_export_matches_the_plain_export_on_multi_token_classes()
    {
        using var root = new TempFolder();
        using var kv = TestModels.Open(TestModels.Bundled("TinyStories-656K"));
        using var plain = TestModels.Open(TestModels.Folder(
            root, "plain", Fixtures.Models("onnx", "TinyStories-656K", "model.onnx"), Fixtures.Models("hf-llama", "TinyStories-656K", "tokenizer.json")));

        AssertSameScores(await ScoreAll(plain, Stories), await ScoreAll(kv, Stories), 1e-4);
    }

    [Fact]
    public async Task Batch_composition_does_not_change_results()
    {
        using var batched = TestModels.Open(TestModels.Bundled("stories260K"));
        using var single = TestModels.Open(TestModels.Bundled("stories260K"), new OnnxScorerOptions { MaxBatchExamples = 1 });

        AssertSameScores(await ScoreAll(single, Stories), await ScoreAll(batched, Stories), 1e-5);
    }

    [Fact]
    public async Task Identical_classes_get_identical_scores_and_trailing_prompt_space_moves_into_the_class()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("stories260K"));

        var results = await ScoreAll(scorer, Stories);

        Assert.Equal(results[4].ClassLogprobs[0], results[4].ClassLogprobs[3]);
        // "The sun was hot. " + "Tim…" is scored as "The sun was hot." + " Tim…", exactly as lm-eval's _encode_pair.
        var spaced = await ScoreAll(scorer, [Example(2, "The sun was hot.", [" Tim went to the park.", " Sue was sad."], 1)]);
        Assert.Equal(spaced[0].ClassLogprobs[0], results[2].ClassLogprobs[0], 1e-5);
        Assert.Equal(spaced[0].ClassLogprobs[1], results[2].ClassLogprobs[1], 1e-5);
        Assert.Equal(spaced[0].ClassTokens![0].Select(t => t.Id), results[2].ClassTokens![0].Select(t => t.Id));
        Assert.StartsWith(" ", results[2].ClassTokens![0][0].Text);
    }

    [Fact]
    public async Task Sequence_prob_loss_is_the_summed_completion_nll()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("stories260K"));
        var example = new TaskExample { Index = 0, Line = 1, Prompt = "Once upon a time,", Completion = " there was a little girl." };

        var sequence = Assert.Single(await ScoreAll(scorer, [example], TaskType.SequenceProb));
        var asClass = Assert.Single(await ScoreAll(scorer, [Example(0, example.Prompt, [example.Completion!])]));

        Assert.Equal(-asClass.ClassLogprobs[0], sequence.Loss, 1e-12);
        Assert.Equal(-sequence.ClassTokens![0].Sum(t => t.Logprob), sequence.Loss, 1e-9);
        Assert.Equal(-1, sequence.Predicted);
        Assert.False(sequence.Correct);
        Assert.True(sequence.Loss > 0);
    }

    [Fact]
    public async Task Over_long_prompt_is_cut_at_the_left_and_flagged()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("llama2xs-279K"));
        var story = string.Concat(Enumerable.Repeat("Tom and Sue played with the red ball in the park. ", 40));
        var tail = "Then they went home to see their";
        var longPrompt = story + tail;

        var results = await ScoreAll(scorer, [Example(0, longPrompt, [" mom.", " dog and cat."]), Example(1, tail, [" mom.", " dog and cat."])]);

        Assert.True(results[0].Truncated);
        Assert.False(results[1].Truncated);
        var longestClassInputs = results[0].ClassTokens!.Max(t => t.Count) - 1;
        Assert.Equal(256 - longestClassInputs, results[0].PromptTokens);
        // The class tokens (at the right) are all still scored.
        Assert.Equal(results[1].ClassTokens!.Select(t => t.Select(s => s.Id)), results[0].ClassTokens!.Select(t => t.Select(s => s.Id)));
    }

    [Fact]
    public async Task Progress_reports_examples_and_tokens_and_cancellation_keeps_finished_batches()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("stories260K"), new OnnxScorerOptions { MaxBatchExamples = 2 });
        var reports = new List<ScoringProgress>();
        var progress = new SynchronousProgress<ScoringProgress>(reports.Add);
        using var cancellation = new CancellationTokenSource();
        var received = new List<ExampleResult>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in scorer.ScoreAsync(TaskType.Classification, Stories, progress, cancellation.Token))
            {
                received.AddRange(batch);
                cancellation.Cancel();
            }
        });

        // Where the planner cuts depends on the prompts' lengths; that a batch holds at most two examples does not.
        Assert.Equal(2, reports.Count);
        Assert.Equal((0, 5), (reports[0].ExamplesDone, reports[0].ExamplesTotal));
        Assert.InRange(received.Count, 1, 2);
        Assert.Equal(received.Count, reports[1].ExamplesDone);
        Assert.True(reports[1].TokensDone > 0);
        Assert.True(reports[1].TokensPerSecond > 0);

        reports.Clear();
        var all = await ScoreAll(scorer, Stories, progress: progress);
        Assert.Equal(5, all.Count);
        var done = reports.Select(r => r.ExamplesDone).ToList();
        Assert.Equal((0, 5), (done[0], done[^1]));
        Assert.All(done.Zip(done.Skip(1)), step => Assert.InRange(step.Second - step.First, 1, 2));
    }

    [Fact]
    public async Task An_example_whose_class_alone_exceeds_the_context_is_not_scored_and_the_others_are_unchanged()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("llama2xs-279K"));
        var huge = " " + string.Concat(Enumerable.Repeat("and then ", 200));
        var hugeTokens = scorer.Tokenizer.Encode("Once" + huge).Length - scorer.Tokenizer.Encode("Once").Length;

        var results = await ScoreAll(scorer, [Stories[0], Example(6, "Once", [" yes", huge]), Stories[1]]);
        var without = await ScoreAll(scorer, [Stories[0], Stories[1]]);

        Assert.Equal([0, 1, 6], results.Select(r => r.Index));
        var skipped = results[2];
        Assert.False(skipped.Scored);
        Assert.True(hugeTokens > 256, $"{hugeTokens} tokens");
        Assert.Equal($"class 2 alone needs {hugeTokens} tokens after the prompt, more than the model's context of 256", skipped.NotScoredReason);
        Assert.True(double.IsNaN(skipped.Loss));
        Assert.Empty(skipped.ClassLogprobs);
        Assert.All(results.Take(2), r => Assert.True(r.Scored));
        AssertSameScores(without, results[..2], 0);
    }

    [Fact]
    public async Task A_completion_longer_than_the_context_is_not_scored()
    {
        using var scorer = TestModels.Open(TestModels.Bundled("llama2xs-279K"));
        var huge = " " + string.Concat(Enumerable.Repeat("and then ", 200));
        TaskExample[] examples =
        [
            new() { Index = 0, Line = 1, Prompt = "Once upon a time", Completion = " there was a dog." },
            new() { Index = 1, Line = 2, Prompt = "Once", Completion = huge },
        ];

        var results = await ScoreAll(scorer, examples, TaskType.SequenceProb);

        Assert.True(results[0].Scored);
        Assert.True(results[0].Loss > 0);
        Assert.StartsWith("the completion alone needs ", results[1].NotScoredReason);
    }

    private static void AssertSameScores(List<ExampleResult> expected, List<ExampleResult> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].ClassLogprobs.Count, actual[i].ClassLogprobs.Count);
            for (var c = 0; c < expected[i].ClassLogprobs.Count; c++)
            {
                Assert.Equal(expected[i].ClassTokens![c].Select(t => t.Id), actual[i].ClassTokens![c].Select(t => t.Id));
                Assert.Equal(expected[i].ClassLogprobs[c], actual[i].ClassLogprobs[c], tolerance);
            }

            Assert.Equal(expected[i].Loss, actual[i].Loss, 2 * tolerance);
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which would race the asserts).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
