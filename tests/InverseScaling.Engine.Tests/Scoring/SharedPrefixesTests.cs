using InverseScaling.Engine.Scoring;
using static InverseScaling.Engine.Tests.Scoring.ScoringTestData;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>Grouping examples by the prompt prefix most of them share, on hand-made token ids.</summary>
public sealed class SharedPrefixesTests
{
    private static ExampleTokens Tokens(int index, params int[] prompt) =>
        new(Example(index, $"prompt {index}", [" a"]), prompt, [new ContinuationTokens([7], 0)], Truncated: false);

    [Fact]
    public void The_prefix_most_prompts_share_is_one_group_and_the_rest_another()
    {
        ExampleTokens[] examples =
        [
            Tokens(0, 1, 10, 11, 12, 13, 14, 20),
            Tokens(1, 1, 10, 11, 12, 13, 14, 21, 22),
            Tokens(2, 1, 10, 11, 12, 13, 14, 23),
            Tokens(3, 1, 10, 11, 99, 5),
            // Starts with the prefix but has nothing after it: it must run its own last token, so it is not a member.
            Tokens(4, 1, 10, 11, 12, 13, 14),
        ];

        var groups = SharedPrefixes.Group(examples);

        var shared = Assert.Single(groups, g => g.Prefix.Length > 0);
        Assert.Equal([1, 10, 11, 12, 13, 14], shared.Prefix);
        Assert.Equal([0, 1, 2], shared.Examples.Select(e => e.Example.Index));
        Assert.Equal([3, 4], Assert.Single(groups, g => g.Prefix.Length == 0).Examples.Select(e => e.Example.Index).Order());
    }

    [Fact]
    public void Two_templates_of_half_the_examples_each_are_two_groups()
    {
        ExampleTokens[] examples =
        [
            Tokens(0, 1, 10, 11, 12, 13, 20),
            Tokens(1, 1, 10, 11, 12, 13, 21),
            Tokens(2, 1, 30, 31, 32, 33, 34, 22),
            Tokens(3, 1, 30, 31, 32, 33, 34, 23),
        ];

        var groups = SharedPrefixes.Group(examples).OrderBy(g => g.Examples[0].Example.Index).ToList();

        Assert.Equal([[1, 10, 11, 12, 13], [1, 30, 31, 32, 33, 34]], groups.Select(g => g.Prefix));
        Assert.Equal([[0, 1], [2, 3]], groups.Select(g => g.Examples.Select(e => e.Example.Index)));
    }

    [Fact]
    public void Prefixes_shorter_than_the_minimum_are_not_shared()
    {
        ExampleTokens[] examples = [Tokens(0, 1, 10, 11, 20), Tokens(1, 1, 10, 11, 21), Tokens(2, 1, 10, 11, 22)];

        var group = Assert.Single(SharedPrefixes.Group(examples));

        Assert.Empty(group.Prefix);
        Assert.Equal(3, group.Examples.Count);
    }
}
