using System.Buffers.Binary;
using System.Diagnostics;

namespace InverseScaling.Engine.Storage;

/// <summary>
/// The exclusive OS lock on <c>&lt;database&gt;.lock</c> under which every process opens the LiteDB file, for one
/// operation at a time. It is a kernel lock (flock on Unix, a sharing lock on Windows), so the kernel releases it
/// when its holder dies — a <c>kill -9</c> never leaves the database locked. The file also holds a change counter,
/// raised by every write, which lets each process notice the writes of the others without opening the database.
/// </summary>
internal sealed class DatabaseFileLock
{
    private readonly string _path;
    private readonly TimeSpan _timeout;

    public DatabaseFileLock(string databasePath, TimeSpan timeout)
    {
        DatabasePath = databasePath;
        _path = databasePath + ".lock";
        _timeout = timeout;
    }

    public string DatabasePath { get; }

    /// <summary>Waits (up to the timeout) for the lock; the returned handle releases it when disposed.</summary>
    public Held Acquire() => TryAcquire(_timeout) ?? throw new ResultsStoreUnavailableException(
        $"The results database {DatabasePath} stayed locked by another process for {_timeout.TotalSeconds:0} s. " +
        "Another process is in the middle of a long write; try again, or point InverseScaling:DatabasePath at another file.");

    /// <summary>The lock if it can be had within <paramref name="wait"/>, else null.</summary>
    public Held? TryAcquire(TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        var pause = 1;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
                return new Held(new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                // Held by another process (or another store in this one): operations are short, so poll.
                if (clock.Elapsed >= wait)
                {
                    return null;
                }

                Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 20);
            }
        }
    }

    /// <summary>The lock, held; <see cref="Version"/> is the database's change counter.</summary>
    public sealed class Held(FileStream file) : IDisposable
    {
        public long Version
        {
            get
            {
                Span<byte> bytes = stackalloc byte[sizeof(long)];
                file.Position = 0;
                return file.Read(bytes) == bytes.Length ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;
            }
        }

        /// <summary>Raises the change counter (after a write, before the lock is released).</summary>
        public long MarkChanged()
        {
            var next = Version + 1;
            Span<byte> bytes = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, next);
            file.Position = 0;
            file.Write(bytes);
            file.Flush();
            return next;
        }

        public void Dispose() => file.Dispose();
    }
}
