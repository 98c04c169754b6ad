using InverseScaling.Dashboard.Cli;
using InverseScaling.Engine.Storage;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>Bad input gets one clear message naming the file (and line) and an exit code, never a stack trace.</summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_malformed_task_file_is_rejected_naming_file_and_line()
    {
        var task = _cli.PathOf("bad.jsonl");
        File.WriteAllLines(task,
        [
            """{"prompt": "Q: 1+1?\nA:", "classes": "[' 2', ' 3']", "answer_index": 0}""",
            """{"prompt": "Q: 2+2?\nA:", "classes": "[' 4', ' 5']", "answer_index": 7}""",
            """{"prompt": "Q: 3+3?\nA:", "classes": "[' 6', ' 7'", "answer_index": 0}""",
        ]);

        var run = await _cli.RunAsync("score", "--model", TestData.BundledModel("stories260K"), "--task", task);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains("bad.jsonl:2", run.Error);
        Assert.Contains("bad.jsonl:3", run.Error);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_missing_model_folder_is_named()
    {
        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 2);
        var missing = _cli.PathOf("no-such-model");

        var run = await _cli.RunAsync("score", "--model", missing, "--task", task);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_missing_task_file_is_named()
    {
        var run = await _cli.RunAsync("score", "--model", TestData.BundledModel("stories260K"), "--task", _cli.PathOf("nowhere.jsonl"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nowhere.jsonl", run.Error);
        AssertNoStackTrace(run);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("score", "--task", "x.jsonl")]
    [InlineData("export", "--task", "NeQA")]
    [InlineData("score", "--model", "m", "--task", "t", "--shots", "-1")]
    public async Task A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var run = await _cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains("--help", run.Error);
    }

    [Fact]
    public async Task A_database_open_in_another_process_is_shared_not_refused()
    {
        // The dashboard keeps its store open all day; the command line works beside it on the same file.
        using var dashboard = new LiteDbResultsStore(_cli.PathOf("results.litedb"));
        dashboard.SaveDataset(Engine.Data.TaskFileReader.Read(TestData.BundledDataset("neqa_classification.jsonl")));

        var run = await _cli.RunAsync("tasks");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("NeQA", run.Output);
    }

    [Fact]
    public async Task Exporting_an_unknown_run_says_so()
    {
        var run = await _cli.RunAsync("export", "--run", "0123456789abcdef");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No run with id '0123456789abcdef'", run.Error);
    }

    [Theory]
    [InlineData(true, "score")]
    [InlineData(true, "--help")]
    [InlineData(true, "frobnicate")]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://127.0.0.1:5999")]
    [InlineData(false, "--environment=Development")]
    public void Verbs_and_help_run_the_command_line_and_host_options_the_web_app(bool commandLine, params string[] args) =>
        Assert.Equal(commandLine, CommandLineApp.IsCommandLine(args));

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var run = await _cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "score", "models", "tasks", "runs", "export", "import", "generate" })
        {
            Assert.Contains(verb, run.Output);
        }
    }

    private static void AssertNoStackTrace(CliResult run) => Assert.DoesNotContain("   at ", run.Error);
}
