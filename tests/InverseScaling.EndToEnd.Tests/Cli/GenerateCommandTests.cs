namespace InverseScaling.EndToEnd.Tests.Cli;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Pattern_matching_is_byte_identical_for_a_seed_and_differs_across_seeds()
    {
        var first = await _cli.RunAsync("generate", "pattern-matching", "--seed", "7", "--out", _cli.PathOf("a.jsonl"));
        var again = await _cli.RunAsync("generate", "pattern-matching", "--seed", "7", "--out", _cli.PathOf("b.jsonl"));
        var other = await _cli.RunAsync("generate", "pattern-matching", "--seed", "8", "--out", _cli.PathOf("c.jsonl"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("pattern-matching-suppression (generated, seed 7)", first.Output);
        Assert.Contains("repetitions", first.Output);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, other.ExitCode);
        Assert.Equal(File.ReadAllBytes(_cli.PathOf("a.jsonl")), File.ReadAllBytes(_cli.PathOf("b.jsonl")));
        Assert.NotEqual(File.ReadAllBytes(_cli.PathOf("a.jsonl")), File.ReadAllBytes(_cli.PathOf("c.jsonl")));
    }

    [Fact]
    public async Task A_generated_task_scores_and_keeps_its_metadata_columns()
    {
        Assert.Equal(0, (await _cli.RunAsync("generate", "pattern-matching", "--seed", "1", "--out", _cli.PathOf("pm.jsonl"))).ExitCode);
        File.WriteAllLines(_cli.PathOf("pm-10.jsonl"), File.ReadLines(_cli.PathOf("pm.jsonl")).Take(10));

        var scored = await _cli.RunAsync("score", "-m", TestData.BundledModel("stories260K"), "-t", _cli.PathOf("pm-10.jsonl"));

        Assert.True(scored.ExitCode == 0, scored.ToString());
        // A generated file keeps its generated name and label, whatever the file is called (never an official name).
        Assert.Contains("pattern-matching-suppression (generated, seed 1) — 10 examples", scored.Output);
        Assert.Matches(
            @"pattern-matching-suppression \(generated, seed 1\)\s+Classification\s+Generated.*\s+10\s+template, symbols, repetitions",
            (await _cli.RunAsync("tasks")).Output);
    }

    [Fact]
    public async Task A_spec_with_a_mistake_is_rejected_naming_the_spec_file()
    {
        var spec = _cli.PathOf("broken-spec.json");
        File.WriteAllText(spec, "{ \"name\": \"broken\", \"prompt\": ");

        var run = await _cli.RunAsync("generate", "--spec", spec, "--out", _cli.PathOf("out.jsonl"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("broken-spec.json", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(File.Exists(_cli.PathOf("out.jsonl")));
    }

    [Fact]
    public async Task An_unknown_generator_lists_the_shipped_ones()
    {
        var run = await _cli.RunAsync("generate", "no-such-generator", "--out", _cli.PathOf("out.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pattern-matching", run.Error);
        Assert.Contains("redefine-constant", run.Error);
    }
}
