using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Model;

public class ExampleFilterTests
{
    [Fact]
    public void Sorting_by_delta_puts_missing_results_last_in_both_directions()
    {
        var dataset = Samples.Dataset(4);
        var a = Samples.Run("a", "F", 1);
        var b = Samples.Run("b", "F", 2);
        var results = TaskResults.Build(dataset, 0,
        [
            (a, [Samples.Result(0, 0.5), Samples.Result(1, 0.9), Samples.Result(2, 0.1), Samples.Result(3, 0.4)]),
            (b, [Samples.Result(0, 0.2), Samples.Result(1, 0.2), Samples.Result(3, 0.4)]),
        ]);

        int[] Sorted(bool descending) => ExampleFilter.Apply(results, results.Metadata,
            new ExampleQuery { Sort = ExampleQuery.DeltaSort, Descending = descending }, "a", "b");

        // Δ = b − a (positive: b worse): row 0 → −0.3, row 1 → −0.7, row 2 → missing, row 3 → 0.
        Assert.Equal([1, 0, 3, 2], Sorted(false));
        Assert.Equal([3, 0, 1, 2], Sorted(true));
    }

    [Fact]
    public void Configured_and_url_regex_columns_join_the_built_in_metadata()
    {
        var results = TaskResults.Build(Samples.Dataset(4), 0, [], [new RegexColumn("item", @"item (\d+)")]);

        Assert.Equal("3", results.Metadata.Value("item", 3));
        Assert.Contains("answer", results.Metadata.Names);
        var withUser = results.MetadataWith([new RegexColumn("first", @"^(\w+)")]);
        Assert.Equal(["3", "Repeat"], [withUser.Value("item", 3), withUser.Value("first", 3)]);

        var filtered = ExampleFilter.Apply(results, withUser, new ExampleQuery { Metadata = [new MetadataFilter("item", "2")] }, null, null);
        Assert.Equal([2], filtered);
    }

    [Fact]
    public void A_sig_figs_sized_table_filters_and_sorts_all_of_its_rows()
    {
        // 20,897 rows (sig-figs) × 8 models, the size the issue asks to stay fast at.
        const int rows = 20_897;
        var dataset = Samples.Dataset(rows);
        var random = new Random(1);
        var runs = Enumerable.Range(0, 8).Select(m => (
            Samples.Run($"m{m}", "F", 1L << m),
            (IReadOnlyList<ExampleResult>)dataset.Examples.Select(e => Samples.Result(e.Index, random.NextDouble() * 2, e.AnswerIndex)).ToList()));
        var results = TaskResults.Build(dataset, 0, runs);
        var query = new ExampleQuery
        {
            Text = "item 1",
            RightFor = ["m0"],
            WrongFor = ["m7"],
            Metadata = [new MetadataFilter("reps", "2")],
            Sort = ExampleQuery.DeltaSort,
            Descending = true,
        };

        var filtered = ExampleFilter.Apply(results, results.Metadata, query, "m0", "m7");
        var sortedAll = ExampleFilter.Apply(results, results.Metadata, new ExampleQuery { Sort = "loss:m3" }, "m0", "m7");

        Assert.All(filtered, r => Assert.True(results.Models[0].Correct(r) == true && results.Models[7].Correct(r) == false));
        Assert.All(filtered, r => Assert.Contains("item 1", dataset.Examples[r].Prompt, StringComparison.Ordinal));
        Assert.Equal(rows, sortedAll.Length);
        Assert.True(sortedAll.Zip(sortedAll.Skip(1)).All(p => results.Models[3].Loss(p.First) <= results.Models[3].Loss(p.Second)));
    }

    [Fact]
    public void A_run_that_recorded_no_correctness_shows_none_and_no_pattern_counts_it_right_or_wrong()
    {
        // A loss-only import (the pipeline's spring-2022 index,loss files) has per-example losses but no accuracy.
        var dataset = Samples.Dataset(2);
        var scored = Samples.Run("a", "F", 1);
        var lossOnly = Samples.Run("b", "F", 2) with { Aggregate = new AggregateMetrics { Count = 2, MeanLoss = 0.5 } };
        var results = TaskResults.Build(dataset, 0,
        [
            (scored, [Samples.Result(0, 0.2), Samples.Result(1, 0.9)]),
            (lossOnly, [Samples.Result(0, 0.4), Samples.Result(1, 0.6)]),
        ]);

        Assert.Equal([null, null], [results.Models.Single(m => m.Name == "b").Correct(0), results.Models.Single(m => m.Name == "b").Correct(1)]);
        Assert.NotNull(results.Models.Single(m => m.Name == "a").Correct(0));
        Assert.Empty(ExampleFilter.Apply(results, results.Metadata, new ExampleQuery { WrongFor = ["b"] }, null, null));
        Assert.Empty(ExampleFilter.Apply(results, results.Metadata, new ExampleQuery { RightFor = ["b"] }, null, null));
    }
}
