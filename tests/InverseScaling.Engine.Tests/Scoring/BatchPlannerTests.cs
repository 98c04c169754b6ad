using InverseScaling.Engine.Scoring;
using Item = InverseScaling.Engine.Scoring.BatchPlanner.Item;
using Limits = InverseScaling.Engine.Scoring.BatchPlanner.Limits;

namespace InverseScaling.Engine.Tests.Scoring;

/// <summary>Cutting width-sorted examples into batches, against costs worked out by hand.</summary>
public sealed class BatchPlannerTests
{
    private static readonly Limits Roomy = new(Tokens: 1000, Examples: 100, FirstExamples: 100, Context: 1000, OverheadTokens: 10);

    private static Item[] Widths(params int[] widths) => [.. widths.Select(w => new Item(1, w, 0))];

    [Fact]
    public void Rows_of_two_widths_share_a_batch_when_their_padding_costs_less_than_a_second_batch()
    {
        // One batch: 10 + 6 × 5 = 40 positions. Two: 10 + 3 × 5 + 10 + 3 × 4 = 47.
        Assert.Equal([6], BatchPlanner.Sizes(Widths(5, 5, 5, 4, 4, 4), Roomy));
    }

    [Fact]
    public void Rows_of_two_widths_take_a_batch_each_when_padding_costs_more()
    {
        // One batch: 1 + 6 × 5 = 31. Two: 1 + 15 + 1 + 12 = 29.
        Assert.Equal([3, 3], BatchPlanner.Sizes(Widths(5, 5, 5, 4, 4, 4), Roomy with { OverheadTokens = 1 }));
    }

    [Fact]
    public void The_cut_falls_where_the_width_drops_most_not_where_a_greedy_batch_fills()
    {
        // At most 4 examples a batch: greedy fills [9, 9, 9, 2] and [2, 2], 2 + 36 + 4 = 42 with an overhead of 1;
        // cut at the drop, [9, 9, 9] and [2, 2, 2], 2 + 27 + 6 = 35.
        Assert.Equal([3, 3], BatchPlanner.Sizes(Widths(9, 9, 9, 2, 2, 2), Roomy with { Examples = 4, OverheadTokens = 1 }));
    }

    [Fact]
    public void Class_inputs_count_as_padding_of_the_second_pass()
    {
        // Same widths; without class inputs one batch is cheaper (10 + 4 × 5 = 30 against 10 + 10 + 10 + 10 = 40), but
        // the first two carry 20 class inputs each: one batch then costs 30 + 4 × 20 = 110, two 20 + 40 + 10 + 10 = 80.
        Item[] items = [new(1, 5, 20), new(1, 5, 20), new(1, 5, 0), new(1, 5, 0)];

        Assert.Equal([2, 2], BatchPlanner.Sizes(items, Roomy));
    }

    [Fact]
    public void Batches_keep_to_the_token_example_and_context_limits()
    {
        var items = Enumerable.Range(0, 20).Select(i => new Item(Rows: 1 + (i % 3), Width: 40 - i, SecondPassInputs: i % 5)).ToArray();
        var limits = new Limits(Tokens: 200, Examples: 4, FirstExamples: 2, Context: 42, OverheadTokens: 1000);

        var sizes = BatchPlanner.Sizes(items, limits);

        Assert.Equal(items.Length, sizes.Sum());
        Assert.True(sizes[0] <= 2, "the first batch is small, so results show early");
        var start = 0;
        foreach (var size in sizes)
        {
            var batch = items.AsSpan(start, size).ToArray();
            Assert.True(size <= 4);
            Assert.True(batch.Sum(i => i.Rows) * batch[0].Width <= 200, $"tokens of the batch at {start}");
            Assert.True(batch[0].Width + batch.Max(i => i.SecondPassInputs) <= 42, $"context of the batch at {start}");
            start += size;
        }
    }

    [Fact]
    public void An_example_over_every_limit_still_gets_a_batch_of_its_own()
    {
        Item[] items = [new(3, 500, 900), new(1, 2, 0)];

        Assert.Equal([1, 1], BatchPlanner.Sizes(items, Roomy with { Tokens = 100, Context = 600 }));
    }

    [Fact]
    public void No_examples_no_batches() => Assert.Empty(BatchPlanner.Sizes([], Roomy));
}
