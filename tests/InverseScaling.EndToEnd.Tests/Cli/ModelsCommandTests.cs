namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary><c>models add</c> with export folders that have no model.json (<see cref="Fixtures.TinyStoriesFamily"/>).</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly CommandLineHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_folder_of_export_folders_registers_as_one_family_shows_what_was_derived_and_scores_as_one()
    {
        var family = Fixtures.TinyStoriesFamily;

        var add = await _cli.RunAsync("models", "add", family);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Registered 3 models:", add.Output);
        Assert.Matches(@"TinyStories-656K\s+tinystories-family\s+656K\s+–\s+512\s+yes", add.Output);
        Assert.Matches(@"llama2xs-279K\s+tinystories-family\s+279\.2K\s+–\s+256\s+yes", add.Output);
        Assert.Contains("TinyStories-656K: derived from its export folder", add.Output);
        Assert.Matches(@"maxContext\s+config.json max_position_embeddings", add.Output);
        Assert.Matches(@"tokenizer\s+tokenizer.model found in the folder", add.Output);
        Assert.Matches(@"parameters\s+20 floating-point initializers of model.onnx; 2 precomputed rotary tables left out", add.Output);

        var list = await _cli.RunAsync("models");
        Assert.Contains("Local models (3):", list.Output);
        Assert.Equal(3, list.Output.Split('\n').Count(l => l.Contains("tinystories-family", StringComparison.Ordinal) && l.Contains(family, StringComparison.Ordinal)));

        var task = TestData.Slice(_cli.Folder, "neqa_classification.jsonl", rows: 6, name: "neqa-6.jsonl");
        var score = await _cli.RunAsync("score", "--model", family, "--task", task);
        Assert.True(score.ExitCode == 0, score.ToString());
        Assert.Matches(@"TinyStories-656K\s+656K\s+6\s", score.Output);
        Assert.Matches(@"llama2xs-279K\s+279\.2K\s+6\s", score.Output);
        Assert.Matches(@"stories260K\s+260K\s+6\s", score.Output);
    }

    [Fact]
    public async Task A_name_taken_by_a_different_model_is_refused_and_nothing_of_the_command_is_stored()
    {
        var family = Fixtures.TinyStoriesFamily;
        await _cli.RunAsync("models", "add", TestData.BundledModel("stories260K"));

        var add = await _cli.RunAsync("models", "add", family);

        Assert.Equal(1, add.ExitCode);
        Assert.Contains("a different model named \"stories260K\" is already registered", add.Error);
        Assert.Contains("Local models (1):", (await _cli.RunAsync("models")).Output);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_model_is_refused_naming_it()
    {
        var add = await _cli.RunAsync("models", "add", _cli.Folder);

        Assert.Equal(1, add.ExitCode);
        Assert.Contains(_cli.Folder, add.Error);
        Assert.Contains("neither a model folder", add.Error);
    }
}
