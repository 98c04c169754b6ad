using System.Diagnostics;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using Xunit.Abstractions;

namespace InverseScaling.Engine.Tests.Import;

public sealed class PublishedResultsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static string Bundled => Path.Combine(BundledContent.Root, "results");

    [Fact]
    public void The_bundled_results_fill_a_clean_store_once()
    {
        var store = _db.Open();
        var clock = Stopwatch.StartNew();

        var report = PublishedResults.Import(store, Bundled, ImportFixtures.ByName);

        output.WriteLine($"first import: {report.Imported.Count} runs in {clock.ElapsedMilliseconds} ms");
        Assert.Empty(report.Skipped);
        Assert.Equal(0, report.AlreadyPresent);

        var runs = store.GetRuns();
        Assert.Equal(report.Imported.Count, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunOrigin.Imported, r.Source.Origin));

        var gpt3 = runs.Where(r => r.Family == "GPT-3").ToArray();
        Assert.Equal(["ada", "babbage", "curie", "davinci"], gpt3.Select(r => r.ModelName));
        Assert.All(gpt3, r =>
        {
            Assert.Equal("NeQA", r.TaskName);
            Assert.True(r.Source.HasPerExampleResults);
            Assert.Equal(300, store.GetResults(r.Id).Count);
        });
        Assert.Equal(0.757851, Math.Round(gpt3[3].Aggregate!.MeanLoss!.Value, 6));

        var opt = runs.Where(r => r.Family == "OPT" && r.TaskName == "NeQA").ToArray();
        Assert.Equal(8, opt.Length);
        Assert.Equal([125_000_000L, 350_000_000, 1_300_000_000, 2_700_000_000, 6_700_000_000, 13_000_000_000, 30_000_000_000, 66_000_000_000], opt.Select(r => r.Parameters!.Value));

        var pythia = runs.Where(r => r.Family == "Pythia").ToArray();
        Assert.Equal(8 * 8 * 10, pythia.Length);
        Assert.Equal(8, pythia.Select(r => r.Parameters).Distinct().Count());
        Assert.Equal([2_000L, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 143_000], pythia.Select(r => r.TrainingStep!.Value).Distinct().Order());
        Assert.Equal(10, pythia.Select(r => r.TaskName).Distinct().Count());
        Assert.All(pythia, r => Assert.False(r.Source.HasPerExampleResults));
        Assert.All(pythia, r => Assert.Empty(store.GetResults(r.Id)));

        // Training tokens from the papers, for the training-tokens and FLOPs axes: Pythia 2,097,152 tokens a step.
        Assert.All(gpt3, r => Assert.Equal(300_000_000_000L, r.TrainingTokens));
        Assert.All(opt, r => Assert.Equal(180_000_000_000L, r.TrainingTokens));
        Assert.All(pythia, r => Assert.Equal(r.TrainingStep!.Value * 2_097_152L, r.TrainingTokens));

        clock.Restart();
        var again = PublishedResults.Import(store, Bundled, ImportFixtures.ByName);
        output.WriteLine($"second import: {again.Imported.Count} new runs, {again.AlreadyPresent} present, {clock.ElapsedMilliseconds} ms");
        Assert.Empty(again.Imported);
        Assert.Equal(runs.Count, again.AlreadyPresent);
        Assert.Equal(runs.Count, store.GetRuns().Count);
    }

    [Fact]
    public void Per_example_results_are_skipped_with_a_reason_when_their_dataset_is_not_loaded()
    {
        var store = _db.Open();

        var report = PublishedResults.Import(store, Bundled, _ => null);

        Assert.Equal(4, report.Skipped.Count);
        Assert.All(report.Skipped, s => Assert.Contains("NeQA dataset is not loaded", s));
        Assert.DoesNotContain(store.GetRuns(), r => r.Family == "GPT-3");
        Assert.Equal(640 + 13, store.GetRuns().Count);
    }
}
