using System.Globalization;
using System.Text.Json;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary><c>score --type absolute_logodds</c> on a logodds file, its pipeline-layout CSV, and that CSV imported back.</summary>
public sealed class LogoddsCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Absolute_logodds_is_scored_written_in_the_pipeline_layout_and_imported_back()
    {
        var task = Fixtures.Path("logodds", "logodds-two-classes.jsonl");
        var csv = _cli.PathOf("stories260K.csv");

        var scored = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task, "--type", "absolute_logodds", "--out", csv);

        Assert.True(scored.ExitCode == 0, scored.ToString());
        Assert.Contains("logodds-two-classes (absolute_logodds) — 5 examples, AbsoluteLogodds", scored.Output);
        Assert.Contains("|logodds diff| ± SEM", scored.Output);
        Assert.DoesNotContain("chance:", scored.Output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,logodds_difference,correct,total_logprob,truncated,scored", lines[0]);
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("logodds", "expected.json")));
        var rows = expected.RootElement.GetProperty("stories260K").GetProperty("logodds-two-classes.jsonl").EnumerateArray().ToList();
        Assert.Equal(rows.Count, lines.Length - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(rows[i].GetProperty("absolute_logodds_difference").GetDouble(), double.Parse(cells[1], CultureInfo.InvariantCulture), 1e-4);
            Assert.Equal(rows[i].GetProperty("correct").GetInt32().ToString(CultureInfo.InvariantCulture), cells[2]);
            Assert.Equal(rows[i].GetProperty("total_logprob").GetDouble(), double.Parse(cells[3], CultureInfo.InvariantCulture), 1e-4);
            Assert.Equal(["0", "1"], cells[4..]);
        }

        var imported = await _cli.RunAsync("import", csv, "--task", "logodds-two-classes (absolute_logodds)", "--model", "stories260K-elsewhere", "--params", "260032");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        var runs = await _cli.RunAsync("runs", "--task", "logodds-two-classes (absolute_logodds)");
        Assert.Equal(2, runs.Output.Split('\n').Count(l => l.Contains("Complete", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_classification_file_forced_to_logodds_is_refused_by_name()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 4, name: "neqa-4.jsonl");

        var run = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task, "--type", "logodds");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error:", run.Error);
        Assert.Contains("neqa-4.jsonl", run.Error);
        Assert.Contains("cannot be scored as logodds", run.Error);
        Assert.DoesNotContain("   at ", run.Error + run.Output);
    }

    [Fact]
    public async Task An_unknown_type_is_a_command_line_error()
    {
        var run = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", Fixtures.Path("logodds", "biased-prompt.csv"), "--type", "numeric");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--type numeric is not a task type", run.Error + run.Output);
    }
}
