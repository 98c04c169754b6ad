using System.Collections.Concurrent;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using LiteDB;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// The results store in one LiteDB file, shared by every process that names it: the dashboard, any number of
/// command lines, the benchmark.
/// </summary>
/// <remarks>
/// <para><b>Several processes, one file.</b> Each operation takes an exclusive OS lock on <c>&lt;database&gt;.lock</c>
/// (<see cref="DatabaseFileLock"/>), opens the file in LiteDB's direct mode, runs in one LiteDB transaction, closes the
/// file and releases the lock. So two processes never have the file open at once (two direct-mode writers corrupt it,
/// and LiteDB's own "shared" mode has a long record of lost writes and locking errors under concurrent writers); a
/// lock held by a killed process is released by the kernel; and no process waits longer than one operation of
/// another: a scoring run writes batch by batch and holds the lock only while it writes one. The README explains the
/// choice against a local endpoint.</para>
/// <para>The lock file counts writes; a timer in every store compares that count with what it last saw and, when
/// another process wrote, raises <see cref="RunChanged"/> for each run that changed, so an open dashboard shows the
/// command line's runs and their progress live. A run whose scoring process died is reported as
/// <see cref="RunStatus.Interrupted"/> (<see cref="RunOwners"/>) as soon as that process is gone.</para>
/// <para>Within a process, operations take turns on one lock (LiteDB transactions are per thread; every method here
/// is synchronous, so a transaction never spans threads). Datasets are cached by content hash, which no process can
/// change; the results of a complete run are cached with the run's last update time and read again when it changed.</para>
/// </remarks>
public sealed class LiteDbResultsStore : IResultsStore, IDisposable
{
    private const string Datasets = "datasets";
    private const string Examples = "examples";
    private const string Models = "models";
    private const string Runs = "runs";
    private const string Results = "results";

    // Ids of deleted runs (documents with only an _id): see GetDeletedRunIds.
    private const string DeletedRuns = "deletedRuns";

    /// <summary>How often a store looks for other processes' writes and for runs whose process died.</summary>
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(500);

    private readonly DatabaseFileLock _fileLock;
    private readonly RunOwners _owners;
    private readonly Lock _processLock = new();
    private readonly ConcurrentDictionary<string, TaskDataset> _datasetCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset UpdatedAt, IReadOnlyList<ExampleResult> Results)> _completeResultsCache = new(StringComparer.Ordinal);

    // What the watcher has already reported: the change count, and each run as last seen (status and update time).
    private readonly ConcurrentDictionary<string, (RunStatus Status, DateTimeOffset UpdatedAt)> _seen = new(StringComparer.Ordinal);
    private readonly Timer _watcher;
    private long _seenVersion;

    public LiteDbResultsStore(IOptions<EngineOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    /// <param name="databasePath">The LiteDB file; it and its folder are created when missing.</param>
    /// <param name="lockTimeout">How long an operation waits for another process's operation (default 30 s).</param>
    public LiteDbResultsStore(string databasePath, TimeSpan? lockTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        _fileLock = new DatabaseFileLock(DatabasePath, lockTimeout ?? TimeSpan.FromSeconds(30));
        _owners = new RunOwners(DatabasePath);
        Write(db => db.GetCollection(Runs).EnsureIndex("taskName"));
        foreach (var run in GetRuns())
        {
            _seen[run.Id] = (run.Status, run.UpdatedAt);
        }

        _watcher = new Timer(_ => Watch(), null, WatchInterval, WatchInterval);
    }

    public string DatabasePath { get; }

    public event Action<RunRecord>? RunChanged;

    // ---- datasets ---------------------------------------------------------------------------------------

    public void SaveDataset(TaskDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Write(db =>
        {
            var examples = db.GetCollection(Examples);
            examples.DeleteMany(Query.StartsWith("_id", BsonMapping.ExamplePrefix(dataset.Sha256)));
            examples.InsertBulk(dataset.Examples.Select(e => BsonMapping.ToDocument(dataset.Sha256, e)));
            db.GetCollection(Datasets).Upsert(BsonMapping.ToDocument(dataset));
        });
        _datasetCache[dataset.Sha256] = dataset;
    }

    public IReadOnlyList<TaskDataset> GetDatasets() => Read(db =>
        db.GetCollection(Datasets).FindAll().ToArray().Select(doc => LoadDataset(db, doc)).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToArray());

    public TaskDataset? GetDataset(string nameOrSha256)
    {
        ArgumentNullException.ThrowIfNull(nameOrSha256);
        if (_datasetCache.TryGetValue(nameOrSha256, out var cached))
        {
            return cached;
        }

        return Read(db =>
        {
            var datasets = db.GetCollection(Datasets);
            var doc = datasets.FindById(nameOrSha256) ?? datasets.Find(Query.EQ("name", nameOrSha256)).FirstOrDefault();
            return doc is null ? null : LoadDataset(db, doc);
        });
    }

    private TaskDataset LoadDataset(LiteDatabase db, BsonDocument doc)
    {
        var sha = doc["_id"].AsString;
        return _datasetCache.GetOrAdd(sha, _ =>
        {
            var examples = db.GetCollection(Examples)
                .Find(Query.StartsWith("_id", BsonMapping.ExamplePrefix(sha)))
                .Select(BsonMapping.ToExample)
                .OrderBy(e => e.Index)
                .ToArray();
            return BsonMapping.ToDataset(doc, examples);
        });
    }

    // ---- models -------------------------------------------------------------------------------------------

    public void SaveModel(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Write(db => db.GetCollection(Models).Upsert(BsonMapping.ToDocument(model)));
    }

    public IReadOnlyList<ModelDescriptor> GetModels() => Read(db =>
        db.GetCollection(Models).FindAll().Select(BsonMapping.ToModel)
            .OrderBy(m => m.Manifest.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Manifest.Parameters)
            .ToArray());

    // ---- runs ------------------------------------------------------------------------------------------------

    public RunRecord GetOrCreateRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (stored, created) = Write(db =>
        {
            var runs = db.GetCollection(Runs);
            if (runs.FindById(run.Id) is { } existing)
            {
                return (BsonMapping.ToRunRecord(existing), false);
            }

            var now = DateTimeOffset.UtcNow;
            var fresh = run with
            {
                CreatedAt = run.CreatedAt == default ? now : run.CreatedAt,
                UpdatedAt = now,
            };
            runs.Insert(BsonMapping.ToDocument(fresh));
            db.GetCollection(DeletedRuns).Delete(run.Id);
            return (fresh, true);
        });

        if (created)
        {
            Raise(stored);
        }

        return AsSeen(stored);
    }

    public RunRecord? GetRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var doc = Read(db => db.GetCollection(Runs).FindById(runId));
        return doc is null ? null : AsSeen(BsonMapping.ToRunRecord(doc));
    }

    public IReadOnlyList<RunRecord> GetRuns(string? taskName = null)
    {
        var docs = Read(db =>
        {
            var runs = db.GetCollection(Runs);
            return (taskName is null ? runs.FindAll() : runs.Find(Query.EQ("taskName", taskName))).ToArray();
        });
        return docs.Select(BsonMapping.ToRunRecord).Select(AsSeen)
            .OrderBy(r => r.TaskName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Parameters ?? long.MaxValue)
            .ThenBy(r => r.TrainingStep ?? long.MaxValue)
            .ToArray();
    }

    /// <remarks>
    /// Setting a run to <see cref="RunStatus.Running"/> claims it for this process; any other status gives it up. A run
    /// that a live process is scoring cannot be claimed: <see cref="RunInUseException"/>.
    /// </remarks>
    public void UpdateRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status == RunStatus.Running && !_owners.TryClaim(run.Id))
        {
            throw new RunInUseException($"{run.TaskName} × {run.ModelName} is being scored by another process; it goes on there (see the dashboard or the 'runs' command).");
        }

        var updated = run with { UpdatedAt = DateTimeOffset.UtcNow };
        var found = Write(db => db.GetCollection(Runs).Update(BsonMapping.ToDocument(updated)));
        if (run.Status != RunStatus.Running)
        {
            _owners.Release(run.Id);
        }

        if (!found)
        {
            throw new KeyNotFoundException($"Run {run.Id} ({run.TaskName} × {run.ModelName}) is not in the store.");
        }

        Raise(updated);
    }

    public void DeleteRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        Write(db =>
        {
            db.GetCollection(Results).DeleteMany(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)));
            db.GetCollection(Runs).Delete(runId);
            db.GetCollection(DeletedRuns).Upsert(new BsonDocument { ["_id"] = runId });
        });
        _completeResultsCache.TryRemove(runId, out _);
        _seen.TryRemove(runId, out _);
    }

    public IReadOnlySet<string> GetDeletedRunIds() =>
        Read(db => db.GetCollection(DeletedRuns).FindAll().Select(doc => doc["_id"].AsString).ToHashSet(StringComparer.Ordinal));

    // ---- results ----------------------------------------------------------------------------------------

    public void AppendResults(string runId, IReadOnlyList<ExampleResult> batch)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(batch);
        var updated = Write(db =>
        {
            var runDoc = db.GetCollection(Runs).FindById(runId)
                ?? throw new KeyNotFoundException($"Run {runId} is not in the store; results cannot be added to it.");
            var results = db.GetCollection(Results);
            foreach (var result in batch)
            {
                // Upsert: a batch that was written before an interruption and is scored again replaces itself.
                results.Upsert(BsonMapping.ToDocument(runId, result));
            }

            var run = BsonMapping.ToRunRecord(runDoc) with
            {
                Completed = results.Count(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId))),
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.GetCollection(Runs).Update(BsonMapping.ToDocument(run));
            return run;
        });

        Raise(updated);
    }

    public IReadOnlyList<ExampleResult> GetResults(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Read(db =>
        {
            // Run and results are read under one lock, so a complete run's results are all of them.
            var run = db.GetCollection(Runs).FindById(runId) is { } doc ? BsonMapping.ToRunRecord(doc) : null;
            if (run is not null && _completeResultsCache.TryGetValue(runId, out var cached) && cached.UpdatedAt == run.UpdatedAt)
            {
                return cached.Results;
            }

            // The primary key is "<run>:<zero-padded index>", so this index range scan returns index order.
            IReadOnlyList<ExampleResult> results = db.GetCollection(Results)
                .Find(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)))
                .Select(BsonMapping.ToExampleResult)
                .ToArray();
            if (run?.Status == RunStatus.Complete)
            {
                _completeResultsCache[runId] = (run.UpdatedAt, results);
            }

            return results;
        });
    }

    public IReadOnlySet<int> GetCompletedIndices(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Read(db => db.GetCollection(Results)
            .Query()
            .Where(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)))
            .Select(BsonExpression.Create("$.i"))
            .ToEnumerable()
            .Select(doc => doc["i"].AsInt32)
            .ToHashSet());
    }

    public void ImportRun(RunRecord run, IReadOnlyList<ExampleResult> results)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(results);
        ImportRuns([(run, results)]);
    }

    public void ImportRuns(IReadOnlyList<(RunRecord Run, IReadOnlyList<ExampleResult> Results)> runs, IReadOnlyList<TaskDataset>? datasets = null)
    {
        datasets ??= [];
        ArgumentNullException.ThrowIfNull(runs);
        var now = DateTimeOffset.UtcNow;
        var stored = runs.Select(r => (Run: r.Run with
        {
            Completed = r.Run.Source.HasPerExampleResults ? r.Results.Count : r.Run.Completed,
            CreatedAt = r.Run.CreatedAt == default ? now : r.Run.CreatedAt,
            UpdatedAt = now,
        }, r.Results)).ToList();
        Write(db =>
        {
            foreach (var dataset in datasets)
            {
                var examples = db.GetCollection(Examples);
                examples.DeleteMany(Query.StartsWith("_id", BsonMapping.ExamplePrefix(dataset.Sha256)));
                examples.InsertBulk(dataset.Examples.Select(e => BsonMapping.ToDocument(dataset.Sha256, e)));
                db.GetCollection(Datasets).Upsert(BsonMapping.ToDocument(dataset));
            }

            var resultsCollection = db.GetCollection(Results);
            foreach (var (run, results) in stored)
            {
                resultsCollection.DeleteMany(Query.StartsWith("_id", BsonMapping.ResultPrefix(run.Id)));
                // Insert, not upsert: two results for one index mean a broken import, and the duplicate key
                // error rolls the whole import back.
                resultsCollection.InsertBulk(results.Select(result => BsonMapping.ToDocument(run.Id, result)));
                db.GetCollection(Runs).Upsert(BsonMapping.ToDocument(run));
                db.GetCollection(DeletedRuns).Delete(run.Id);
            }
        });

        foreach (var dataset in datasets)
        {
            _datasetCache[dataset.Sha256] = dataset;
        }

        foreach (var (run, _) in stored)
        {
            Raise(run);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _owners.Dispose();
    }

    // ---- one operation at a time, across processes ------------------------------------------------------------

    private T Read<T>(Func<LiteDatabase, T> action) => Use(action, write: false);

    private void Write(Action<LiteDatabase> action) => Use(db =>
    {
        action(db);
        return true;
    }, write: true);

    private T Write<T>(Func<LiteDatabase, T> action) => Use(action, write: true);

    private T Use<T>(Func<LiteDatabase, T> action, bool write)
    {
        lock (_processLock)
        {
            using var held = _fileLock.Acquire();
            T value;
            using (var db = Open())
            {
                if (!write)
                {
                    return action(db);
                }

                db.BeginTrans();
                try
                {
                    value = action(db);
                    db.Commit();
                }
                catch
                {
                    db.Rollback();
                    throw;
                }
            }

            // Counted after the file is closed (and its log checkpointed), before the lock is released. The watcher
            // skips this process's own write unless another process wrote since it last looked.
            var before = held.Version;
            var after = held.MarkChanged();
            Interlocked.CompareExchange(ref _seenVersion, after, before);
            return value;
        }
    }

    private LiteDatabase Open()
    {
        try
        {
            return new LiteDatabase(new ConnectionString { Filename = DatabasePath, Connection = ConnectionType.Direct });
        }
        catch (Exception ex)
        {
            // Only opening is wrapped: LiteDB reports a file that is not its own (or is damaged) with assorted
            // exceptions (LiteException, ArgumentOutOfRangeException, …), all of which mean "this file cannot be used".
            throw new ResultsStoreUnavailableException(
                $"{DatabasePath}: not a results database that can be opened ({ex.Message}). Move it aside to start a new one, or point InverseScaling:DatabasePath at another file.",
                ex);
        }
    }

    // ---- what other processes did ---------------------------------------------------------------------------

    /// <summary>A run as the pages and the command line see it: a running run whose process died is interrupted.</summary>
    private RunRecord AsSeen(RunRecord run) =>
        run.Status == RunStatus.Running && _owners.IsAbandoned(run.Id) ? run with { Status = RunStatus.Interrupted } : run;

    private void Raise(RunRecord run)
    {
        _seen[run.Id] = (run.Status, run.UpdatedAt);
        RunChanged?.Invoke(run);
    }

    /// <summary>
    /// Reports the runs other processes created or changed since the last look, and runs whose scoring process died.
    /// Skipped while the database is busy; the next tick looks again.
    /// </summary>
    private void Watch()
    {
        if (RunChanged is null)
        {
            return;
        }

        try
        {
            long version;
            using (var held = _fileLock.TryAcquire(TimeSpan.Zero))
            {
                if (held is null)
                {
                    return;
                }

                version = held.Version;
            }

            var anyRunning = _seen.Values.Any(s => s.Status == RunStatus.Running);
            if (version == Interlocked.Read(ref _seenVersion) && !anyRunning)
            {
                return;
            }

            Interlocked.Exchange(ref _seenVersion, version);
            foreach (var run in GetRuns())
            {
                if (!_seen.TryGetValue(run.Id, out var seen) || seen != (run.Status, run.UpdatedAt))
                {
                    Raise(run);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ResultsStoreUnavailableException or LiteException or ObjectDisposedException)
        {
            // The next tick tries again; a failing look must never take the process down from a timer thread.
        }
    }
}

/// <summary>The results database cannot be used (another process held it too long, or it is not a database).</summary>
public sealed class ResultsStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A run cannot be scored here: another live process is scoring it.</summary>
public sealed class RunInUseException(string message) : Exception(message);
