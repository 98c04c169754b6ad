using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Tests.Models;
using InverseScaling.Engine.Tokenization;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>A task's examples are tokenised on every core, and come back as if tokenised one by one in order.</summary>
public sealed class ExampleTokensTests
{
    [Fact]
    public void CreateAll_matches_one_by_one_tokenisation_in_order_and_reports_what_cannot_fit()
    {
        var tokenizer = TokenizerLoader.Load(Path.Combine(TestModels.Bundled("stories260K"), "tok512.model"));
        const int context = 40;
        var random = new Random(7);
        string[] words = ["the", "dog", "ran", "to", "a", "big", "red", "ball", "Lily", "was", "happy"];
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));

        // Every seventh example has a class longer than the context: it cannot be scored, whatever the prompt.
        var examples = Enumerable.Range(0, 500)
            .Select(i => Example(i, Text(random.Next(1, 30)), [" " + Text(i % 7 == 0 ? 60 : random.Next(1, 4)), " " + Text(random.Next(1, 4))]))
            .ToArray();

        var (prepared, notScored) = ExampleTokens.CreateAll(examples, TaskType.Classification, tokenizer, addBos: true, context, CancellationToken.None);

        var expected = examples
            .Select(e => (Example: e, Tokens: ExampleTokens.TryCreate(e, TaskType.Classification, tokenizer, addBos: true, context, out var reason), Reason: reason))
            .ToList();
        Assert.Equal(expected.Where(x => x.Tokens is not null).Select(x => x.Example.Index), prepared.Select(p => p.Example.Index));
        foreach (var (tokens, one) in prepared.Zip(expected.Select(x => x.Tokens).OfType<ExampleTokens>()))
        {
            Assert.Equal(one.Prompt, tokens.Prompt);
            Assert.Equal(one.Truncated, tokens.Truncated);
            Assert.Equal(one.Continuations.Select(c => c.Inputs.ToArray()), tokens.Continuations.Select(c => c.Inputs.ToArray()));
        }

        Assert.Equal(Enumerable.Range(0, 500).Where(i => i % 7 == 0), notScored.Select(r => r.Index));
        Assert.Equal(expected.Where(x => x.Tokens is null).Select(x => x.Reason), notScored.Select(r => r.NotScoredReason));
        Assert.All(notScored, r => Assert.Contains("more than the model's context of 40", r.NotScoredReason, StringComparison.Ordinal));
    }

    [Fact]
    public void CreateAll_throws_the_examples_own_error_not_a_wrapper()
    {
        var tokenizer = TokenizerLoader.Load(Path.Combine(TestModels.Bundled("stories260K"), "tok512.model"));
        TaskExample[] examples = [Example(0, "the dog", [" ran"]), Example(1, "the dog", []) with { Line = 12 }];

        var error = Assert.Throws<ArgumentException>(() =>
            ExampleTokens.CreateAll(examples, TaskType.Classification, tokenizer, addBos: true, maxContext: 64, CancellationToken.None));

        Assert.Equal("Example 1 (line 12) has no classes to score.", error.Message);
    }
}
