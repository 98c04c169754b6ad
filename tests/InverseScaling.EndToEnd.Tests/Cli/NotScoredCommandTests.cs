using System.Text.RegularExpressions;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// <c>score</c> on a task with an example whose class alone is longer than the model's context: the run completes,
/// the table says how many were scored of how many and lists the other with its reason, the CSV marks it, and
/// <c>import</c> reads that CSV back with the same numbers.
/// </summary>
public sealed class NotScoredCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Score_completes_lists_the_example_not_scored_and_the_csv_reads_back()
    {
        var task = _cli.PathOf("partly-too-long.jsonl");
        var huge = string.Concat(Enumerable.Repeat("and then ", 200));
        File.WriteAllLines(task,
        [
            """{"prompt": "Once upon a time, there was a", "classes": "[' dog', ' cat']", "answer_index": 0}""",
            $$"""{"prompt": "Once", "classes": "[' yes', ' {{huge}}']", "answer_index": 1}""",
            """{"prompt": "Tom had a ball. He liked to", "classes": "[' play', ' sleep']", "answer_index": 1}""",
        ]);
        var csv = _cli.PathOf("llama2xs-279K.csv");

        var scored = await _cli.RunAsync("score", "-m", TestData.BundledModel("llama2xs-279K"), "-t", task, "--out", csv);

        Assert.True(scored.ExitCode == 0, scored.ToString());
        var loss = Regex.Match(scored.Output, @"llama2xs-279K\s+\S+\s+2/3\s+(\S+ ± \S+)");
        Assert.True(loss.Success, scored.Output);
        Assert.Matches(@"not scored by llama2xs-279K: example 1 \(line 2\): class 2 alone needs \d+ tokens after the prompt, more than the model's context of 256", scored.Output);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,loss,correct,predicted,total_logprob,truncated,scored,logprob_0,logprob_1", lines[0]);
        Assert.Equal("1,,,,,0,0,,", lines[2]);
        Assert.EndsWith(",0,1", string.Join(',', lines[1].Split(',')[..7]));

        using var other = new CommandLineHarness();
        var imported = await other.RunAsync("import", csv, "--task", task, "--params", "279232");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Matches($@"partly-too-long\s+llama2xs-279K\s+\S+\s+official-pipeline-csv\s+2/3\s+{Regex.Escape(loss.Groups[1].Value)}", imported.Output);
    }
}
