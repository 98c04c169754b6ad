using System.Collections.Concurrent;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using LiteDB;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// The results store in one LiteDB file.
/// </summary>
/// <remarks>
/// <para><b>Connection mode: direct, one owner at a time.</b> LiteDB's "shared" mode reopens the file and takes
/// a cross-process mutex on every single operation, which makes reading a 20,897-row run several times slower
/// and is not designed for a long-running writer such as a scoring run. Instead this store opens the file once
/// in direct mode and keeps it open. Direct mode does not stop a second process from opening the same file
/// (and two direct-mode writers corrupt it), so the store also holds an exclusive OS lock on a sidecar file
/// (<c>&lt;database&gt;.lock</c>) for its lifetime. Every thread of the process (dashboard circuits, background runs,
/// the command line) goes through one instance, which LiteDB makes thread-safe; a second instance or process
/// (the command line while the dashboard runs on the same file) gets a <see cref="ResultsStoreUnavailableException"/>
/// naming the file, so the two can never write over each other. Because nothing else can change the file,
/// immutable content (datasets, results of finished runs) is cached in memory after the first read.</para>
/// <para>Writes are serialised by one lock and each runs in one LiteDB transaction (LiteDB transactions are
/// per thread, and every method here is synchronous, so a transaction never spans threads).</para>
/// </remarks>
public sealed class LiteDbResultsStore : IResultsStore, IDisposable
{
    private const string Datasets = "datasets";
    private const string Examples = "examples";
    private const string Models = "models";
    private const string Runs = "runs";
    private const string Results = "results";

    private readonly FileStream _lock;
    private readonly LiteDatabase _db;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, TaskDataset> _datasetCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ExampleResult>> _completeResultsCache = new(StringComparer.Ordinal);

    public LiteDbResultsStore(IOptions<EngineOptions> options)
        : this(options.Value.DatabasePath)
    {
    }

    /// <param name="databasePath">The LiteDB file; it and its folder are created when missing.</param>
    public LiteDbResultsStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            _lock = new FileStream(DatabasePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new ResultsStoreUnavailableException(
                $"The results database {DatabasePath} is in use by another process (is the dashboard or another command " +
                "still running on it?). Stop that process, or point InverseScaling:DatabasePath at another file.",
                ex);
        }

        try
        {
            _db = new LiteDatabase(new ConnectionString { Filename = DatabasePath, Connection = ConnectionType.Direct });
            _db.GetCollection(Runs).EnsureIndex("taskName");
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    public string DatabasePath { get; }

    public event Action<RunRecord>? RunChanged;

    // ---- datasets ---------------------------------------------------------------------------------------

    public void SaveDataset(TaskDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_writeLock)
        {
            InTransaction(() =>
            {
                var examples = _db.GetCollection(Examples);
                examples.DeleteMany(Query.StartsWith("_id", BsonMapping.ExamplePrefix(dataset.Sha256)));
                examples.InsertBulk(dataset.Examples.Select(e => BsonMapping.ToDocument(dataset.Sha256, e)));
                _db.GetCollection(Datasets).Upsert(BsonMapping.ToDocument(dataset));
            });
            _datasetCache[dataset.Sha256] = dataset;
        }
    }

    public IReadOnlyList<TaskDataset> GetDatasets() =>
        _db.GetCollection(Datasets).FindAll().Select(LoadDataset).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToArray();

    public TaskDataset? GetDataset(string nameOrSha256)
    {
        ArgumentNullException.ThrowIfNull(nameOrSha256);
        if (_datasetCache.TryGetValue(nameOrSha256, out var cached))
        {
            return cached;
        }

        var datasets = _db.GetCollection(Datasets);
        var doc = datasets.FindById(nameOrSha256)
            ?? datasets.Find(Query.EQ("name", nameOrSha256)).FirstOrDefault();
        return doc is null ? null : LoadDataset(doc);
    }

    private TaskDataset LoadDataset(BsonDocument doc)
    {
        var sha = doc["_id"].AsString;
        return _datasetCache.GetOrAdd(sha, _ =>
        {
            var examples = _db.GetCollection(Examples)
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
        lock (_writeLock)
        {
            _db.GetCollection(Models).Upsert(BsonMapping.ToDocument(model));
        }
    }

    public IReadOnlyList<ModelDescriptor> GetModels() =>
        _db.GetCollection(Models).FindAll().Select(BsonMapping.ToModel)
            .OrderBy(m => m.Manifest.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Manifest.Parameters)
            .ToArray();

    // ---- runs ------------------------------------------------------------------------------------------------

    public RunRecord GetOrCreateRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunRecord created;
        lock (_writeLock)
        {
            var runs = _db.GetCollection(Runs);
            if (runs.FindById(run.Id) is { } existing)
            {
                return BsonMapping.ToRunRecord(existing);
            }

            var now = DateTimeOffset.UtcNow;
            created = run with
            {
                CreatedAt = run.CreatedAt == default ? now : run.CreatedAt,
                UpdatedAt = now,
            };
            runs.Insert(BsonMapping.ToDocument(created));
        }

        RunChanged?.Invoke(created);
        return created;
    }

    public RunRecord? GetRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var doc = _db.GetCollection(Runs).FindById(runId);
        return doc is null ? null : BsonMapping.ToRunRecord(doc);
    }

    public IReadOnlyList<RunRecord> GetRuns(string? taskName = null)
    {
        var runs = _db.GetCollection(Runs);
        var docs = taskName is null ? runs.FindAll() : runs.Find(Query.EQ("taskName", taskName));
        return docs.Select(BsonMapping.ToRunRecord)
            .OrderBy(r => r.TaskName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Family, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Parameters ?? long.MaxValue)
            .ThenBy(r => r.TrainingStep ?? long.MaxValue)
            .ToArray();
    }

    public void UpdateRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var updated = run with { UpdatedAt = DateTimeOffset.UtcNow };
        lock (_writeLock)
        {
            if (!_db.GetCollection(Runs).Update(BsonMapping.ToDocument(updated)))
            {
                throw new KeyNotFoundException($"Run {run.Id} ({run.TaskName} × {run.ModelName}) is not in the store.");
            }

            _completeResultsCache.TryRemove(run.Id, out _);
        }

        RunChanged?.Invoke(updated);
    }

    public void DeleteRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        lock (_writeLock)
        {
            InTransaction(() =>
            {
                _db.GetCollection(Results).DeleteMany(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)));
                _db.GetCollection(Runs).Delete(runId);
            });
            _completeResultsCache.TryRemove(runId, out _);
        }
    }

    // ---- results ----------------------------------------------------------------------------------------

    public void AppendResults(string runId, IReadOnlyList<ExampleResult> batch)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(batch);
        RunRecord updated;
        lock (_writeLock)
        {
            updated = InTransaction(() =>
            {
                var runDoc = _db.GetCollection(Runs).FindById(runId)
                    ?? throw new KeyNotFoundException($"Run {runId} is not in the store; results cannot be added to it.");
                var results = _db.GetCollection(Results);
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
                _db.GetCollection(Runs).Update(BsonMapping.ToDocument(run));
                return run;
            });
            _completeResultsCache.TryRemove(runId, out _);
        }

        RunChanged?.Invoke(updated);
    }

    public IReadOnlyList<ExampleResult> GetResults(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        if (_completeResultsCache.TryGetValue(runId, out var cached))
        {
            return cached;
        }

        // Read the status first: if the run is complete now, nothing can be added to the results read below.
        var complete = GetRun(runId)?.Status == RunStatus.Complete;
        // The primary key is "<run>:<zero-padded index>", so this index range scan returns index order.
        var results = _db.GetCollection(Results)
            .Find(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)))
            .Select(BsonMapping.ToExampleResult)
            .ToArray();
        if (complete)
        {
            _completeResultsCache[runId] = results;
        }

        return results;
    }

    public IReadOnlySet<int> GetCompletedIndices(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return _db.GetCollection(Results)
            .Query()
            .Where(Query.StartsWith("_id", BsonMapping.ResultPrefix(runId)))
            .Select(BsonExpression.Create("$.i"))
            .ToEnumerable()
            .Select(doc => doc["i"].AsInt32)
            .ToHashSet();
    }

    public void ImportRun(RunRecord run, IReadOnlyList<ExampleResult> results)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(results);
        var now = DateTimeOffset.UtcNow;
        var stored = run with
        {
            Completed = run.Source.HasPerExampleResults ? results.Count : run.Completed,
            CreatedAt = run.CreatedAt == default ? now : run.CreatedAt,
            UpdatedAt = now,
        };
        lock (_writeLock)
        {
            InTransaction(() =>
            {
                var resultsCollection = _db.GetCollection(Results);
                resultsCollection.DeleteMany(Query.StartsWith("_id", BsonMapping.ResultPrefix(run.Id)));
                // Insert, not upsert: two results for one index mean a broken import, and the duplicate key
                // error rolls the whole import back.
                resultsCollection.InsertBulk(results.Select(result => BsonMapping.ToDocument(run.Id, result)));

                _db.GetCollection(Runs).Upsert(BsonMapping.ToDocument(stored));
            });
            _completeResultsCache.TryRemove(run.Id, out _);
        }

        RunChanged?.Invoke(stored);
    }

    public void Dispose()
    {
        _db.Dispose();
        _lock.Dispose();
    }

    private void InTransaction(Action action) => InTransaction(() =>
    {
        action();
        return true;
    });

    private T InTransaction<T>(Func<T> action)
    {
        _db.BeginTrans();
        try
        {
            var value = action();
            _db.Commit();
            return value;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }
}

/// <summary>The results database cannot be opened (typically: another process holds it).</summary>
public sealed class ResultsStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
