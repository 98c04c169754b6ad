using System.Diagnostics;
using InverseScaling.Engine.Storage;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// A scoring command line killed with SIGKILL, as a real process: the database opens, nothing stored is lost or
/// doubled, the run shows as interrupted, and the same command resumes it to the same CSV as an uninterrupted run.
/// (The benchmark's kill section repeats this for many random moments.)
/// </summary>
public sealed class KillTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_killed_scorer_leaves_an_interrupted_run_that_resumes_to_the_uninterrupted_result()
    {
        var task = TestData.BundledDataset("hindsight-neglect_classification.jsonl");
        var model = TestData.BundledModel("stories260K");
        var killed = Path.Combine(_folder.Path, "killed.litedb");
        var reference = Path.Combine(_folder.Path, "reference.litedb");

        using (var process = CliProcess.Start(_folder.Path, killed, seedBundledContent: false, "score", "-m", model, "-t", task))
        using (var watching = new LiteDbResultsStore(killed))
        {
            // Killed once some batches are stored and before the end.
            RunRecord? seen = null;
            for (var clock = Stopwatch.StartNew(); (seen = watching.GetRuns().SingleOrDefault()) is not { Completed: > 0 }; await Task.Delay(50))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no batch was stored");
            }

            process.Kill();
            await process.WaitForExitAsync();
            Assert.True(seen!.Completed < seen.Total, "the run finished before it could be killed");

            var after = watching.GetRun(seen.Id)!;
            var indices = watching.GetResults(seen.Id).Select(r => r.Index).ToList();
            Assert.Equal(RunStatus.Interrupted, after.Status);
            Assert.True(after.Completed >= seen.Completed, $"{seen.Completed} stored results were seen, {after.Completed} are left");
            Assert.Equal(after.Completed, indices.Count);
            Assert.Equal(indices.Count, indices.Distinct().Count());
        }

        var resumed = await CliProcess.RunAsync(_folder.Path, killed, seedBundledContent: false, "score", "-m", model, "-t", task, "--out", Path.Combine(_folder.Path, "resumed.csv"));
        var whole = await CliProcess.RunAsync(_folder.Path, reference, seedBundledContent: false, "score", "-m", model, "-t", task, "--out", Path.Combine(_folder.Path, "whole.csv"));

        Assert.True(resumed.ExitCode == 0 && whole.ExitCode == 0, $"exit codes {resumed.ExitCode} and {whole.ExitCode}");
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(_folder.Path, "whole.csv")),
            await File.ReadAllBytesAsync(Path.Combine(_folder.Path, "resumed.csv")));
    }
}
