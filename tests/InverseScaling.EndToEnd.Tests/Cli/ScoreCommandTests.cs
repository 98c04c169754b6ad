using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Tests.Support;

namespace InverseScaling.EndToEnd.Tests.Cli;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Score_prints_the_metrics_writes_the_official_csv_and_answers_again_from_the_cache()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 24, name: "neqa-24.jsonl");
        var csv = _cli.PathOf("stories260K.csv");

        var first = await _cli.RunAsync("score", "--model", TestData.BundledModel("stories260K"), "--task", task, "--out", csv);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("neqa-24 — 24 examples", first.Output);
        Assert.Matches(@"stories260K\s+260K\s+24\s+\d\.\d{4} ± \d\.\d{4}", first.Output);
        Assert.Contains("scored", first.Output);
        Assert.Contains("chance: loss 0.6931", first.Output);

        var examples = TaskFileReader.Read(task).Examples;
        var lines = File.ReadAllLines(csv);
        Assert.Equal("index,loss,correct,predicted,total_logprob,truncated,scored,logprob_0,logprob_1", lines[0]);
        Assert.Equal(examples.Count, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            // Every row must be recomputable from its own class log-probs, exactly as the Prize defines it.
            var cells = line.Split(',');
            var example = examples[int.Parse(cells[0], CultureInfo.InvariantCulture)];
            Assert.Equal(("0", "1"), (cells[5], cells[6]));
            var logprobs = cells[7..].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            var max = logprobs.Max();
            var total = max + Math.Log(logprobs.Sum(l => Math.Exp(l - max)));
            var predicted = Array.IndexOf(logprobs, max);
            Assert.Equal(total - logprobs[example.AnswerIndex], double.Parse(cells[1], CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(predicted == example.AnswerIndex ? "1" : "0", cells[2]);
            Assert.Equal(example.Classes[predicted], cells[3]);
            Assert.Equal(total, double.Parse(cells[4], CultureInfo.InvariantCulture), 1e-9);
        }

        var second = await _cli.RunAsync("score", "--model", TestData.BundledModel("stories260K"), "--task", task);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("cached", second.Output);

        // A renamed copy has the same content, so it answers from the same cached run, under the name it was given.
        var copy = FolderCopy.Copy(TestData.BundledModel("stories260K"), _cli.PathOf("renamed"));
        var manifest = Path.Combine(copy, "model.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"name\": \"stories260K\"", "\"name\": \"stories-copy\"", StringComparison.Ordinal));
        var renamed = await _cli.RunAsync("score", "--model", copy, "--task", task);
        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        Assert.Matches(@"stories-copy\s+260K\s+24\s+.*cached", renamed.Output);

        var export = await _cli.RunAsync("export", "--task", "neqa-24", "--model", "stories260K");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(File.ReadAllText(csv), export.Output);
    }

    [Fact]
    public async Task Several_models_and_tasks_get_one_table_per_task_and_the_official_folder_layout()
    {
        var neqa = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 8, name: "neqa-8.jsonl");
        var memo = TestData.Slice(_cli.Folder, "memo-trap_classification.jsonl", rows: 8, name: "memo-8.jsonl");
        var output = _cli.PathOf("results");

        var run = await _cli.RunAsync(
            "score", "--model", TestData.BundledModel("stories260K"), TestData.BundledModel("llama2xs-279K"),
            "--task", neqa, memo, "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("neqa-8 — 8 examples", run.Output);
        Assert.Contains("memo-8 — 8 examples", run.Output);
        foreach (var file in new[] { "neqa-8/stories260K.csv", "neqa-8/llama2xs-279K.csv", "memo-8/stories260K.csv", "memo-8/llama2xs-279K.csv" })
        {
            Assert.Equal(9, File.ReadAllLines(Path.Combine(output, file)).Length);
        }

        var models = await _cli.RunAsync("models");
        Assert.Contains("stories260K", models.Output);
        Assert.Contains("llama2xs-279K", models.Output);
        var tasks = await _cli.RunAsync("tasks");
        Assert.Matches(@"memo-8\s+Classification\s+User\s+8", tasks.Output);
        var runs = await _cli.RunAsync("runs", "--task", "neqa-8");
        Assert.Equal(2, runs.Output.Split('\n').Count(l => l.Contains("neqa-8", StringComparison.Ordinal) && l.Contains("Complete", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Few_shot_runs_are_separate_runs_under_their_own_settings()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 6, name: "neqa-6.jsonl");

        var zeroShot = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task);
        var twoShot = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task, "--shots", "2", "--seed", "1");

        Assert.True(twoShot.ExitCode == 0, twoShot.ToString());
        Assert.Contains("2-shot (seed 1)", twoShot.Output);
        Assert.Contains("scored", twoShot.Output);
        var runs = await _cli.RunAsync("runs", "--task", "neqa-6");
        Assert.Matches(@"neqa-6\s+stories260K\s+0\s+local\s+Complete", runs.Output);
        Assert.Matches(@"neqa-6\s+stories260K\s+2\s+local\s+Complete", runs.Output);
    }

    [Fact]
    public async Task A_cancelled_score_keeps_its_run_and_the_same_command_resumes_it()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 10, name: "neqa-10.jsonl");
        string[] args = ["score", "-m", TestData.BundledModel("stories260K"), "-t", task];

        var cancelled = await _cli.RunAsync(args, new CancellationToken(canceled: true));

        Assert.Equal(130, cancelled.ExitCode);
        Assert.Contains("run the same command again to resume", cancelled.Error);
        Assert.Matches(@"neqa-10\s+stories260K\s+0\s+local\s+Cancelled", (await _cli.RunAsync("runs")).Output);

        var resumed = await _cli.RunAsync(args);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches(@"neqa-10\s+stories260K\s+0\s+local\s+Complete\s+10/10", (await _cli.RunAsync("runs")).Output);
    }

    [Fact]
    public async Task One_csv_file_for_several_runs_is_a_usage_error()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 2);

        var run = await _cli.RunAsync(
            "score", "--model", TestData.BundledModel("stories260K"), TestData.BundledModel("llama2xs-279K"), "--task", task, "--out", _cli.PathOf("all.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give a folder instead", run.Error);
    }
}
