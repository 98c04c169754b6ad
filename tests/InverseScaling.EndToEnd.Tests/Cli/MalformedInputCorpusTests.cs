using System.Text.RegularExpressions;
using InverseScaling.Engine.Storage;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// Every malformed input of <see cref="MalformedInputCorpus"/> goes through the real command line and comes back as
/// one <c>error:</c> naming the file (and line) with the reason, exit code 1, no stack trace, and nothing of it stored.
/// </summary>
public sealed partial class MalformedInputCorpusTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Cases => [.. MalformedInputCorpus.Names];

    [Fact]
    public void The_corpus_has_at_least_30_inputs() => Assert.InRange(MalformedInputCorpus.Names.Count(), 30, int.MaxValue);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_by_name_with_exit_code_1_no_stack_trace_and_nothing_stored(string name)
    {
        var input = MalformedInputCorpus.Build(name, _cli.Folder);

        var run = await _cli.RunAsync(input.Args);

        Assert.True(run.ExitCode == 1, run.ToString());
        var error = Assert.Single(run.Error.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.True(run.Error.Contains(input.Names, StringComparison.Ordinal), $"the error does not name {input.Names}:\n{run}");
        Assert.True(run.Error.Contains(input.Reason, StringComparison.OrdinalIgnoreCase), $"the error does not say \"{input.Reason}\":\n{run}");
        Assert.DoesNotContain("internal error", error);
        Assert.False(StackFrame().IsMatch(run.Error + run.Output), $"a stack trace was printed:\n{run}");
        Assert.DoesNotContain("fail:", run.Error);
        Assert.Empty(Directory.EnumerateFiles(_cli.Folder, "*.partial", SearchOption.AllDirectories));
        AssertNothingStored();
    }

    /// <summary>No run completed from the bad input and no per-example result of it is in the database.</summary>
    private void AssertNothingStored()
    {
        var database = _cli.PathOf("results.litedb");
        if (!File.Exists(database))
        {
            return;
        }

        using var store = new LiteDbResultsStore(database);
        foreach (var run in store.GetRuns())
        {
            Assert.NotEqual(RunStatus.Complete, run.Status);
            Assert.Empty(store.GetResults(run.Id));
        }
    }

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
