using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Tests.Storage;

public sealed class LiteDbResultsStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Creates_the_file_and_its_folder_on_first_use()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_db.Path)));
        _db.Open();
        Assert.True(File.Exists(_db.Path));
    }

    [Fact]
    public void Results_round_trip_exactly_in_index_order()
    {
        var store = _db.Open();
        store.GetOrCreateRun(StoreSamples.Run());
        var written = StoreSamples.Results(0, 12).Reverse().ToList();
        // Values that a lossy encoding would change.
        written.Add(StoreSamples.Result(12) with
        {
            Loss = double.Epsilon,
            TotalLogprob = double.NegativeInfinity,
            ClassLogprobs = [-0.1 - 0.2, double.NegativeInfinity, -1e-300],
            ClassTokens = null,
            Truncated = true,
        });
        store.AppendResults("run-1", written);

        var read = store.GetResults("run-1");

        Assert.Equal(Enumerable.Range(0, 13), read.Select(r => r.Index));
        foreach (var expected in written)
        {
            AssertSame(expected, read[expected.Index]);
        }
    }

    [Fact]
    public void Appending_the_same_indices_again_replaces_them_and_counts_each_once()
    {
        var store = _db.Open();
        store.GetOrCreateRun(StoreSamples.Run(total: 8));
        store.AppendResults("run-1", StoreSamples.Results(0, 5));
        var changed = StoreSamples.Results(3, 5).Select(r => r with { Loss = r.Loss + 100 }).ToArray();

        store.AppendResults("run-1", changed);

        var read = store.GetResults("run-1");
        Assert.Equal(Enumerable.Range(0, 8), read.Select(r => r.Index));
        Assert.Equal(StoreSamples.Result(2).Loss, read[2].Loss);
        Assert.Equal(changed[0].Loss, read[3].Loss);
        Assert.Equal(8, store.GetRun("run-1")!.Completed);
        Assert.Equal(new HashSet<int>(Enumerable.Range(0, 8)), store.GetCompletedIndices("run-1"));
    }

    [Fact]
    public void Appending_to_an_unknown_run_is_refused()
    {
        var store = _db.Open();
        var ex = Assert.Throws<KeyNotFoundException>(() => store.AppendResults("nope", StoreSamples.Results(0, 1)));
        Assert.Contains("nope", ex.Message);
        Assert.Empty(store.GetResults("nope"));
    }

    [Fact]
    public void GetOrCreateRun_returns_the_stored_run_rather_than_the_new_one()
    {
        var store = _db.Open();
        var first = store.GetOrCreateRun(StoreSamples.Run());
        store.UpdateRun(first with { Status = RunStatus.Complete, Completed = 10 });

        var again = store.GetOrCreateRun(StoreSamples.Run() with { ModelName = "other" });

        Assert.Equal(RunStatus.Complete, again.Status);
        Assert.Equal("stories260K", again.ModelName);
        Assert.Single(store.GetRuns());
    }

    [Fact]
    public void Run_records_round_trip_with_source_and_aggregates()
    {
        var store = _db.Open();
        var run = StoreSamples.Run() with
        {
            TaskSha256 = null,
            TrainingStep = 143_000,
            TrainingTokens = null,
            Shots = 3,
            Seed = 7,
            Status = RunStatus.Failed,
            Error = "model.onnx: no logits output",
            Source = new RunSource
            {
                Origin = RunOrigin.Imported,
                File = "/x/pythia.json",
                Format = "lm-eval-v0.3-results",
                Url = "https://example.org",
                Note = "double space",
                HasPerExampleResults = false,
            },
            Aggregate = new AggregateMetrics { Count = 300, MeanLoss = 0.1 + 0.2, Accuracy = 1 / 3.0, AccuracySem = null, Truncated = 2 },
        };
        store.GetOrCreateRun(run);

        var read = store.GetRun(run.Id)!;

        Assert.Equal(run with { CreatedAt = read.CreatedAt, UpdatedAt = read.UpdatedAt }, read with { Source = read.Source, Aggregate = read.Aggregate });
        Assert.Equal(run.Source, read.Source);
        Assert.Equal(run.Aggregate, read.Aggregate);
        Assert.True(read.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal([read], store.GetRuns("NeQA"));
        Assert.Empty(store.GetRuns("Memo Trap"));
    }

    [Fact]
    public void Datasets_and_models_round_trip()
    {
        var store = _db.Open();
        var dataset = StoreSamples.Dataset();
        store.SaveDataset(dataset);
        store.SaveModel(StoreSamples.Model());
        store.SaveModel(StoreSamples.Model("big", 9_000_000));

        using var reopened = new TempDatabaseReader(_db, store);
        var read = reopened.Store.GetDataset("NeQA")!;

        Assert.Equal(dataset.Name, read.Name);
        Assert.Equal(dataset.Sha256, read.Sha256);
        Assert.Equal(dataset.Warnings, read.Warnings);
        Assert.Equal(dataset.MetadataColumns, read.MetadataColumns);
        Assert.Equal(dataset.Examples.Count, read.Examples.Count);
        for (var i = 0; i < dataset.Examples.Count; i++)
        {
            var (e, r) = (dataset.Examples[i], read.Examples[i]);
            Assert.Equal((e.Index, e.Line, e.Prompt, e.AnswerIndex, e.Completion, e.Round, e.Part), (r.Index, r.Line, r.Prompt, r.AnswerIndex, r.Completion, r.Round, r.Part));
            Assert.Equal(e.Classes, r.Classes);
            Assert.Equal(e.Metadata.OrderBy(kv => kv.Key), r.Metadata.OrderBy(kv => kv.Key));
        }

        Assert.Same(read, reopened.Store.GetDataset("sha-neqa"));
        Assert.Equal(["stories260K", "big"], reopened.Store.GetModels().Select(m => m.Name));
        Assert.Equal(StoreSamples.Model(), reopened.Store.GetModels()[0]);
    }

    [Fact]
    public void Everything_persists_after_reopening_the_file()
    {
        var store = _db.Open();
        store.GetOrCreateRun(StoreSamples.Run());
        store.AppendResults("run-1", StoreSamples.Results(0, 4));
        store.Dispose();

        using var reopened = new LiteDbResultsStore(_db.Path);

        Assert.Equal(4, reopened.GetRun("run-1")!.Completed);
        AssertSame(StoreSamples.Result(3), reopened.GetResults("run-1")[3]);
    }

    [Fact]
    public void Two_stores_on_one_file_write_at_once_and_see_each_others_runs_without_duplicates()
    {
        // Two stores stand for two processes: each takes the OS lock per operation, as separate processes do.
        var first = _db.Open();
        var second = _db.Open();
        first.GetOrCreateRun(StoreSamples.Run("run-a", total: 200));
        second.GetOrCreateRun(StoreSamples.Run("run-b", total: 200));

        Parallel.Invoke(
            () => { for (var i = 0; i < 200; i += 10) first.AppendResults("run-a", StoreSamples.Results(i, 10)); },
            () => { for (var i = 0; i < 200; i += 10) second.AppendResults("run-b", StoreSamples.Results(i, 10)); },
            // The same batches twice, from the other store: a resumed batch replaces itself.
            () => { for (var i = 0; i < 200; i += 20) first.AppendResults("run-b", StoreSamples.Results(i, 10)); });

        foreach (var store in new[] { first, second })
        {
            Assert.Equal(["run-a", "run-b"], store.GetRuns().Select(r => r.Id).Order());
            Assert.Equal([200, 200], store.GetRuns().OrderBy(r => r.Id).Select(r => r.Completed));
            Assert.Equal(Enumerable.Range(0, 200), store.GetResults("run-a").Select(r => r.Index));
            Assert.Equal(Enumerable.Range(0, 200), store.GetResults("run-b").Select(r => r.Index));
        }
    }

    [Fact]
    public void Another_stores_writes_are_announced_by_RunChanged()
    {
        var watching = _db.Open();
        var changed = new System.Collections.Concurrent.ConcurrentQueue<RunRecord>();
        watching.RunChanged += changed.Enqueue;
        var other = _db.Open();

        other.GetOrCreateRun(StoreSamples.Run("elsewhere"));
        other.AppendResults("elsewhere", StoreSamples.Results(0, 4));

        // The watcher looks twice a second; allow it ample time on a loaded machine.
        Assert.True(SpinWait.SpinUntil(() => changed.Any(r => r.Id == "elsewhere" && r.Completed == 4), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_running_run_whose_owner_is_gone_is_interrupted_and_a_live_owners_run_cannot_be_taken()
    {
        var owner = new LiteDbResultsStore(_db.Path);
        var other = _db.Open();
        owner.GetOrCreateRun(StoreSamples.Run());
        owner.UpdateRun(owner.GetRun("run-1")! with { Status = RunStatus.Running });
        owner.AppendResults("run-1", StoreSamples.Results(0, 4));

        Assert.Equal(RunStatus.Running, other.GetRun("run-1")!.Status);
        var taken = Assert.Throws<RunInUseException>(() => other.UpdateRun(other.GetRun("run-1")! with { Status = RunStatus.Running }));
        Assert.Contains("being scored by another process", taken.Message);

        // Closing the owner's handles is what the kernel does when a process dies, however it dies.
        owner.Dispose();

        var interrupted = other.GetRun("run-1")!;
        Assert.Equal((RunStatus.Interrupted, 4), (interrupted.Status, interrupted.Completed));
        Assert.Equal(RunStatus.Interrupted, Assert.Single(other.GetRuns()).Status);
        other.UpdateRun(interrupted with { Status = RunStatus.Running });
        Assert.Equal(RunStatus.Running, other.GetRun("run-1")!.Status);
    }

    [Fact]
    public void Import_is_atomic_a_failure_leaves_the_previous_state()
    {
        var store = _db.Open();
        var run = StoreSamples.Run("imported") with { Source = new RunSource { Origin = RunOrigin.Imported, Format = "official-pipeline-csv" } };
        store.ImportRun(run, StoreSamples.Results(0, 3));

        // Index 1 twice: the store notices only half-way through writing.
        var broken = StoreSamples.Results(0, 5).Append(StoreSamples.Result(1)).ToArray();
        Assert.ThrowsAny<Exception>(() => store.ImportRun(run with { ModelName = "changed" }, broken));
        Assert.ThrowsAny<Exception>(() => store.ImportRun(StoreSamples.Run("new-import"), broken));

        Assert.Equal("stories260K", store.GetRun("imported")!.ModelName);
        Assert.Equal([0, 1, 2], store.GetResults("imported").Select(r => r.Index));
        Assert.Null(store.GetRun("new-import"));
        Assert.Empty(store.GetResults("new-import"));
    }

    [Fact]
    public void Runs_imported_together_are_stored_in_one_transaction_all_or_none()
    {
        var store = _db.Open();
        var good = (StoreSamples.Run("file-a"), StoreSamples.Results(0, 3));
        var broken = (StoreSamples.Run("file-b"), (IReadOnlyList<ExampleResult>)[.. StoreSamples.Results(0, 3), StoreSamples.Result(2)]);

        Assert.ThrowsAny<Exception>(() => store.ImportRuns([good, broken]));
        Assert.Empty(store.GetRuns());

        store.ImportRuns([good, (StoreSamples.Run("file-b"), StoreSamples.Results(0, 4))]);
        Assert.Equal([("file-a", 3), ("file-b", 4)], store.GetRuns().OrderBy(r => r.Id).Select(r => (r.Id, store.GetResults(r.Id).Count)));
    }

    [Fact]
    public void Reimporting_replaces_the_run_and_its_results()
    {
        var store = _db.Open();
        var run = StoreSamples.Run("imported");
        store.ImportRun(run, StoreSamples.Results(0, 5));
        Assert.Equal(5, store.GetResults("imported").Count);

        store.ImportRun(run, StoreSamples.Results(0, 3));

        Assert.Equal(3, store.GetResults("imported").Count);
        Assert.Equal(3, store.GetRun("imported")!.Completed);
    }

    [Fact]
    public void Deleting_a_run_removes_its_results_only()
    {
        var store = _db.Open();
        store.ImportRun(StoreSamples.Run("a"), StoreSamples.Results(0, 3));
        store.ImportRun(StoreSamples.Run("ab"), StoreSamples.Results(0, 2));

        store.DeleteRun("a");

        Assert.Null(store.GetRun("a"));
        Assert.Empty(store.GetResults("a"));
        Assert.Equal(2, store.GetResults("ab").Count);
    }

    [Fact]
    public void RunChanged_reports_creation_progress_and_updates()
    {
        var store = _db.Open();
        var seen = new List<RunRecord>();
        store.RunChanged += seen.Add;

        var run = store.GetOrCreateRun(StoreSamples.Run());
        store.AppendResults(run.Id, StoreSamples.Results(0, 2));
        store.UpdateRun(run with { Status = RunStatus.Complete, Completed = 2 });
        store.ImportRun(StoreSamples.Run("imp"), StoreSamples.Results(0, 1));

        Assert.Equal([0, 2, 2, 1], seen.Select(r => r.Completed));
        Assert.Equal(RunStatus.Complete, seen[2].Status);
    }

    [Fact]
    public void Results_of_a_complete_run_are_served_from_memory_after_the_first_read_and_refreshed_on_change()
    {
        var store = _db.Open();
        var run = store.GetOrCreateRun(StoreSamples.Run());
        store.AppendResults(run.Id, StoreSamples.Results(0, 2));
        store.UpdateRun(store.GetRun(run.Id)! with { Status = RunStatus.Complete });

        var first = store.GetResults(run.Id);
        Assert.Same(first, store.GetResults(run.Id));

        store.AppendResults(run.Id, StoreSamples.Results(2, 1));
        Assert.Equal(3, store.GetResults(run.Id).Count);
    }

    /// <summary>
    /// The size the dashboard must handle: sig-figs (20,897 rows) × 8 model sizes, written in batches and by import,
    /// then read back from a reopened file. How long this takes is the benchmark's business (`--store`), not a test's.
    /// </summary>
    [Fact]
    public void A_20897_row_run_in_eight_sizes_reads_back_whole_from_a_reopened_file()
    {
        const int rows = 20_897;
        var store = _db.Open();
        var results = StoreSamples.Results(0, rows);
        var scored = store.GetOrCreateRun(StoreSamples.Run("run-0", total: rows));
        foreach (var chunk in results.Chunk(512))
        {
            store.AppendResults(scored.Id, chunk);
        }

        store.UpdateRun(store.GetRun(scored.Id)! with { Status = RunStatus.Complete });
        for (var r = 1; r < 8; r++)
        {
            store.ImportRun(StoreSamples.Run("run-" + r, total: rows) with { Status = RunStatus.Complete }, results);
        }

        store.Dispose();

        using var reopened = new LiteDbResultsStore(_db.Path);
        var all = Enumerable.Range(0, 8).Select(r => reopened.GetResults("run-" + r)).ToArray();

        Assert.All(all, results => Assert.Equal(Enumerable.Range(0, rows), results.Select(r => r.Index)));
        Assert.Equal(rows, reopened.GetCompletedIndices("run-5").Count);
        AssertSame(StoreSamples.Result(rows - 1), all[3][rows - 1]);
        Assert.Same(all[3], reopened.GetResults("run-3"));
    }

    private static void AssertSame(ExampleResult expected, ExampleResult actual)
    {
        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Loss), BitConverter.DoubleToInt64Bits(actual.Loss));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.TotalLogprob), BitConverter.DoubleToInt64Bits(actual.TotalLogprob));
        Assert.Equal(expected.ClassLogprobs.Select(BitConverter.DoubleToInt64Bits), actual.ClassLogprobs.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((expected.Correct, expected.Predicted, expected.Truncated, expected.PromptTokens), (actual.Correct, actual.Predicted, actual.Truncated, actual.PromptTokens));
        if (expected.ClassTokens is null)
        {
            Assert.Null(actual.ClassTokens);
        }
        else
        {
            Assert.NotNull(actual.ClassTokens);
            Assert.Equal(expected.ClassTokens.Count, actual.ClassTokens.Count);
            for (var c = 0; c < expected.ClassTokens.Count; c++)
            {
                Assert.Equal(expected.ClassTokens[c], actual.ClassTokens[c]);
            }
        }
    }

    /// <summary>Closes the writer and opens the file again, so reads come from disk, not from caches.</summary>
    private sealed class TempDatabaseReader : IDisposable
    {
        public TempDatabaseReader(TempDatabase db, LiteDbResultsStore writer)
        {
            writer.Dispose();
            Store = new LiteDbResultsStore(db.Path);
        }

        public LiteDbResultsStore Store { get; }

        public void Dispose() => Store.Dispose();
    }
}
