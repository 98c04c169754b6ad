namespace InverseScaling.EndToEnd.Tests.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string GptResults(string model) => Fixtures.NeqaGpt3Results(model);

    [Fact]
    public async Task The_published_NeQA_GPT3_csvs_import_with_the_published_numbers()
    {
        var run = await _cli.RunAsync(
            "import", GptResults("ada"), GptResults("davinci"), "--task", TestData.BundledDataset("neqa_classification.jsonl"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"ada\.csv\s+NeQA\s+ada\s+350M\s+official-pipeline-csv\s+300\s+0\.7188 ± 0\.0143\s+0\.5400", run.Output);
        Assert.Matches(@"davinci\.csv\s+NeQA\s+davinci\s+175B\s+official-pipeline-csv\s+300\s+0\.7579 ± 0\.0115\s+0\.3833", run.Output);

        var models = await _cli.RunAsync("models");
        Assert.Matches(@"ada\s+GPT-3\s+350M\s+1\s+official-pipeline-csv", models.Output);
    }

    [Fact]
    public async Task A_bad_file_among_several_is_refused_and_nothing_is_stored()
    {
        var wrongRows = _cli.PathOf("curie.csv");
        File.WriteAllLines(wrongRows, File.ReadLines(GptResults("curie")).Take(50));

        var run = await _cli.RunAsync(
            "import", GptResults("ada"), wrongRows, "--task", TestData.BundledDataset("neqa_classification.jsonl"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: " + wrongRows, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        var runs = await _cli.RunAsync("runs");
        Assert.Contains("Runs (0)", runs.Output);
    }

    [Fact]
    public async Task Scored_csvs_read_back_as_the_official_format_with_the_same_numbers()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 16, name: "neqa-16.jsonl");
        var scored = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task, "--out", _cli.PathOf("out"));
        Assert.True(scored.ExitCode == 0, scored.ToString());
        var loss = System.Text.RegularExpressions.Regex.Match(scored.Output, @"stories260K\s+\S+\s+16\s+(\S+ ± \S+)").Groups[1].Value;

        using var other = new CommandLineHarness();
        var imported = await other.RunAsync("import", _cli.PathOf("out/neqa-16/stories260K.csv"), "--task", task, "--params", "260032");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Matches($@"neqa-16\s+stories260K\s+260K\s+official-pipeline-csv\s+16\s+{System.Text.RegularExpressions.Regex.Escape(loss)}", imported.Output);
    }
}
