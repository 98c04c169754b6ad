using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Tests.Storage;

/// <summary>A run the user hid in the dashboard stays hidden in the file; runs written before the flag read as shown.</summary>
public sealed class HiddenRunTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void The_hidden_flag_persists_after_reopening_and_defaults_to_shown()
    {
        var store = _db.Open();
        var run = store.GetOrCreateRun(StoreSamples.Run());
        Assert.False(run.Hidden);
        store.UpdateRun(run with { Hidden = true });
        store.Dispose();

        using var reopened = new LiteDbResultsStore(_db.Path);

        Assert.True(reopened.GetRun("run-1")!.Hidden);
    }
}
