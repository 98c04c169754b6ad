using InverseScaling.Engine.Storage;

namespace InverseScaling.Tests.Support;

/// <summary>A results database in a fresh temporary folder, deleted with the test.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly List<LiteDbResultsStore> _opened = [];

    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "is-store-" + Guid.NewGuid().ToString("N"));
        // A nested path: the store must create missing folders itself.
        Path = System.IO.Path.Combine(Folder, "nested", "results.litedb");
    }

    public string Folder { get; }

    public string Path { get; }

    public LiteDbResultsStore Open()
    {
        var store = new LiteDbResultsStore(Path);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
