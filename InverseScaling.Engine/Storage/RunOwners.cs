using System.Collections.Concurrent;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// Which process is scoring a run. The scorer holds an exclusive OS lock on <c>&lt;database&gt;.owners/&lt;run&gt;.lock</c>
/// while the run is <see cref="RunStatus.Running"/>; the kernel drops it when that process ends, however it ends.
/// So a run stored as running whose lock can be taken has lost its process: it is shown as
/// <see cref="RunStatus.Interrupted"/>, and scoring it again resumes it. The lock files are left in place (deleting
/// one while another process opens it would let two processes hold "the" lock).
/// </summary>
internal sealed class RunOwners(string databasePath) : IDisposable
{
    private readonly string _folder = databasePath + ".owners";
    private readonly ConcurrentDictionary<string, FileStream> _held = new(StringComparer.Ordinal);

    /// <summary>Takes the run for this process; false when a live process (another, or another store here) has it.</summary>
    public bool TryClaim(string runId)
    {
        if (_held.ContainsKey(runId))
        {
            return true;
        }

        var file = TryLock(runId);
        if (file is null)
        {
            return false;
        }

        if (!_held.TryAdd(runId, file))
        {
            file.Dispose();
        }

        return true;
    }

    public void Release(string runId)
    {
        if (_held.TryRemove(runId, out var file))
        {
            file.Dispose();
        }
    }

    /// <summary>True when no live process holds the run (checked by taking its lock for a moment).</summary>
    public bool IsAbandoned(string runId)
    {
        if (_held.ContainsKey(runId))
        {
            return false;
        }

        using var file = TryLock(runId);
        return file is not null;
    }

    private FileStream? TryLock(string runId)
    {
        Directory.CreateDirectory(_folder);
        try
        {
            return new FileStream(Path.Combine(_folder, runId + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        foreach (var runId in _held.Keys)
        {
            Release(runId);
        }
    }
}
