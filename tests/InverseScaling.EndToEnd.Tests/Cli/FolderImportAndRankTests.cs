namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>The command line on whole folders (issue 10): a pipeline results folder summarised file by file, then <c>rank</c>.</summary>
public sealed class FolderImportAndRankTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Fixture(params string[] parts) => Path.Combine([Fixtures.RepositoryRoot, "tests", "fixtures", "import", .. parts]);

    [Fact]
    public async Task A_pipeline_folder_imports_in_one_step_with_a_summary_of_every_file()
    {
        var run = await _cli.RunAsync("import", Fixture("pipeline", "folder"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Imported 2 runs from " + Fixture("pipeline", "folder") + ": 6 files, 3 read, 3 skipped.", run.Output);
        Assert.Contains("data.jsonl: read as the pipeline's copy of its dataset, registered as task tiny_task (4 examples)", run.Output);
        Assert.Matches(@"ada\.csv: read as Prize pipeline CSV, final layout; model ada from the file name; args\.log: task tiny_task, classification, 2 models; task tiny_task → 1 run", run.Output);
        Assert.Contains("skipped log.log: the pipeline's log", run.Output);
        Assert.Matches(@"babbage\.csv\s+tiny_task\s+babbage\s+1\.3B\s+official-pipeline-csv\s+4\s", run.Output);
    }

    [Fact]
    public async Task Rank_puts_the_family_that_gets_worse_with_size_first()
    {
        var imported = await _cli.RunAsync("import", Fixture("lm-eval-family"));
        Assert.True(imported.ExitCode == 0, imported.ToString());

        var run = await _cli.RunAsync("rank");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"\n\s+1\s+syllogism_traps\s+inverse-lm\s+loss\s+\+\d\.\d{3}\s+\[\+\d\.\d{3}, \+\d\.\d{3}\]\s+bootstrap\s+inverse\s+8\s+[▁▂▃▄▅▆▇█]{8}", run.Output);
    }
}
