using InverseScaling.Engine.Import;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine.Tests.Bundled;

/// <summary>
/// The seeder runs at every start of the dashboard and the command line; what it seeded and the user deleted must stay
/// deleted across restarts, while an explicit import of the published results still puts it back.
/// </summary>
public sealed class BundledContentSeederTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_deleted_bundled_run_stays_deleted_after_a_restart()
    {
        var first = _db.Open();
        await Seed(first);
        var seeded = first.GetRuns();
        var davinci = seeded.Single(r => r.TaskName == "NeQA" && r.ModelName == "davinci");
        first.DeleteRun(davinci.Id);
        first.Dispose();

        // The next start: a new process opens the same database and seeds again.
        var second = _db.Open();
        await Seed(second);

        Assert.Null(second.GetRun(davinci.Id));
        Assert.Equal(seeded.Count - 1, second.GetRuns().Count);
        Assert.Equal([davinci.Id], second.GetDeletedRunIds());
    }

    [Fact]
    public async Task An_explicit_import_of_the_published_results_brings_a_deleted_run_back()
    {
        var store = _db.Open();
        await Seed(store);
        var davinci = store.GetRuns().Single(r => r.TaskName == "NeQA" && r.ModelName == "davinci");
        store.DeleteRun(davinci.Id);

        var report = PublishedResults.Import(store, BundledContent.Results, store.GetDataset);

        Assert.Equal([davinci.Id], report.Imported.Select(r => r.Id));
        Assert.Equal(300, store.GetResults(davinci.Id).Count);
        Assert.Empty(store.GetDeletedRunIds());
    }

    [Fact]
    public void The_store_forgets_a_deletion_when_the_run_is_stored_again()
    {
        var store = _db.Open();
        var run = StoreSamples.Run("gone");
        store.ImportRun(run, StoreSamples.Results(0, 3));

        store.DeleteRun(run.Id);
        var afterDelete = store.GetDeletedRunIds();
        store.ImportRun(run, StoreSamples.Results(0, 3));

        Assert.Equal([run.Id], afterDelete);
        Assert.Empty(store.GetDeletedRunIds());
    }

    private static Task Seed(IResultsStore store) =>
        new BundledContentSeeder(store, Options.Create(new EngineOptions()), NullLogger<BundledContentSeeder>.Instance)
            .StartAsync(CancellationToken.None);
}
