using System.Runtime.InteropServices;
using InverseScaling.Engine;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary><c>--out</c> writes only regular files: links only when asked, never devices or pipes; exports are formula-safe.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_symbolic_link_is_refused_and_left_as_it_was_unless_follow_links_is_given()
    {
        var target = _cli.PathOf("target.jsonl");
        File.WriteAllText(target, "keep me\n");
        var link = _cli.PathOf("link.jsonl");
        File.CreateSymbolicLink(link, target);

        var refused = await _cli.RunAsync("generate", "pattern-matching", "--out", link);

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith($"error: {link}: is a symbolic link (to {target}); give --follow-links", refused.Error, StringComparison.Ordinal);
        Assert.Equal("keep me\n", File.ReadAllText(target));
        Assert.Equal(target, new FileInfo(link).LinkTarget);

        var followed = await _cli.RunAsync("generate", "pattern-matching", "--out", link, "--follow-links");

        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(1428, File.ReadAllLines(target).Length);
        Assert.Equal(["link.jsonl", "target.jsonl"], Directory.GetFiles(_cli.Folder, "*.jsonl*").Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_device_or_a_named_pipe_is_refused_before_anything_is_written()
    {
        var pipe = _cli.PathOf("pipe.csv");
        Assert.Equal(0, MakeFifo(pipe, 0b110_000_000));

        var toPipe = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", TestData.BundledDataset("neqa_classification.jsonl"), "--out", pipe);
        var toDevice = await _cli.RunAsync("generate", "pattern-matching", "--out", "/dev/null");

        Assert.Equal(1, toPipe.ExitCode);
        Assert.Equal($"error: {pipe}: is not a regular file (a device, named pipe or socket); --out writes only regular files. Nothing was written.", toPipe.Error.Trim());
        Assert.Equal("", toPipe.Output); // refused before any scoring, so no results table
        Assert.Equal(1, toDevice.ExitCode);
        Assert.Contains("/dev/null: is not a regular file", toDevice.Error);
        Assert.True(File.Exists("/dev/null"));
    }

    [Fact]
    public async Task An_exported_class_that_a_spreadsheet_would_run_is_neutralised_and_imports_back()
    {
        // Both classes are formulas, so whichever one the model predicts is written neutralised.
        var task = _cli.PathOf("formula.jsonl");
        File.WriteAllLines(task,
        [
            """{"prompt": "Pick one:", "classes": "['=1+1', '@SUM(A1)']", "answer_index": 1}""",
            """{"prompt": "Pick again:", "classes": "['=1+1', '@SUM(A1)']", "answer_index": 0}""",
        ]);
        var scored = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", task, "--out", _cli.PathOf("out.csv"));
        Assert.True(scored.ExitCode == 0, scored.ToString());

        var cells = File.ReadAllLines(_cli.PathOf("out.csv")).Skip(1).Select(l => l.Split(',')[3]).ToList();

        Assert.Equal(2, cells.Count);
        Assert.All(cells, c => Assert.Matches("^\"'(=1\\+1|@SUM\\(A1\\))\"$", c));
        using var other = new CommandLineHarness();
        var imported = await other.RunAsync("import", _cli.PathOf("out.csv"), "--task", task, "--model", "stories260K", "--params", "260032");
        Assert.True(imported.ExitCode == 0, imported.ToString());
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);
}
