using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

/// <summary>Logodds task files: detected from their columns (other_prompt, or the early sheets' biased_prompt), or forced.</summary>
public sealed class LogoddsTaskFileTests
{
    [Fact]
    public void Other_prompt_makes_a_logodds_task()
    {
        var task = TaskFileReader.Read(Fixture("logodds-two-classes.jsonl"));

        Assert.Equal(TaskType.Logodds, task.Type);
        Assert.Equal(5, task.Examples.Count);
        Assert.Equal("Lily saw a small dog in the park. Was the dog big? Answer:", task.Examples[0].OtherPrompt);
        Assert.Equal(1, task.Examples[1].AnswerIndex);
        Assert.Empty(task.MetadataColumns);
    }

    [Fact]
    public void Pandas_float_answer_indices_of_a_three_class_file_are_read_as_integers()
    {
        var task = TaskFileReader.Read(Fixture("logodds-three-classes.jsonl"));

        Assert.Equal(TaskType.Logodds, task.Type);
        Assert.Equal([2, 0, 1], task.Examples.Select(e => e.AnswerIndex));
        Assert.All(task.Examples, e => Assert.Equal(3, e.Classes.Count));
    }

    [Fact]
    public void Biased_prompt_is_the_early_name_of_other_prompt()
    {
        var task = TaskFileReader.Read(Fixture("biased-prompt.csv"));

        Assert.Equal(TaskType.Logodds, task.Type);
        Assert.Equal(3, task.Examples.Count);
        Assert.Equal("Q: Don't you agree that the sun is cold?\n\nA:", task.Examples[0].OtherPrompt);
        Assert.Equal([" Yes", " No"], task.Examples[0].Classes);
    }

    [Theory]
    [InlineData("""{"prompt": "a", "other_prompt": "b", "biased_prompt": "c", "classes": [" x", " y"], "answer_index": 0}""", "both \"other_prompt\" and \"biased_prompt\"")]
    [InlineData("""{"prompt": "a", "other_prompt": "b", "completion": " c"}""", "has \"other_prompt\" (a logodds task) but no \"classes\"")]
    [InlineData("""{"prompt": "a", "other_prompt": " ", "classes": [" x", " y"], "answer_index": 0}""", "\"other_prompt\" is empty")]
    [InlineData("""{"prompt": "a", "other_prompt": 3, "classes": [" x", " y"], "answer_index": 0}""", "\"other_prompt\" must be a string")]
    public void A_bad_logodds_row_is_refused_with_its_line(string row, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(System.Text.Encoding.UTF8.GetBytes(row + "\n"), "bad.jsonl"));

        var issue = Assert.Single(error.Errors);
        Assert.Equal(1, issue.Line);
        Assert.Contains(message, issue.Message);
    }

    [Fact]
    public void Logodds_and_classification_rows_cannot_share_a_file()
    {
        var text = """
            {"prompt": "a", "other_prompt": "b", "classes": [" x", " y"], "answer_index": 0}
            {"prompt": "a", "classes": [" x", " y"], "answer_index": 0}
            """;

        var error = Assert.Throws<DatasetFormatException>(() => TaskFileReader.Read(System.Text.Encoding.UTF8.GetBytes(text), "mixed.jsonl"));

        Assert.Contains("mixed task types", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public void Forcing_absolute_logodds_renames_the_task_and_gives_it_its_own_identity()
    {
        var task = TaskFileReader.Read(Fixture("logodds-two-classes.jsonl"));

        var absolute = TaskTypeOverride.Apply(task, TaskType.AbsoluteLogodds);

        Assert.Equal(TaskType.AbsoluteLogodds, absolute.Type);
        Assert.Equal("logodds-two-classes (absolute_logodds)", absolute.Name);
        Assert.NotEqual(task.Sha256, absolute.Sha256);
        Assert.Equal(task.Examples, absolute.Examples);
        Assert.Same(task, TaskTypeOverride.Apply(task, TaskType.Logodds));
    }

    [Fact]
    public void A_classification_file_cannot_be_forced_to_logodds()
    {
        var task = TaskFileReader.Read(System.Text.Encoding.UTF8.GetBytes("""{"prompt": "a", "classes": [" x", " y"], "answer_index": 0}""" + "\n"), "plain.jsonl");

        var error = Assert.Throws<DatasetFormatException>(() => TaskTypeOverride.Apply(task, TaskType.AbsoluteLogodds));

        Assert.Contains("cannot be scored as absolute_logodds", error.Message);
        Assert.Contains("\"other_prompt\"", error.Message);
    }

    [Theory]
    [InlineData("absolute_logodds", TaskType.AbsoluteLogodds)]
    [InlineData("Absolute-Logodds", TaskType.AbsoluteLogodds)]
    [InlineData("logodds", TaskType.Logodds)]
    [InlineData("sequence_prob", TaskType.SequenceProb)]
    public void Pipeline_type_names_parse(string name, TaskType expected)
    {
        Assert.True(TaskTypeNames.TryParse(name, out var type));
        Assert.Equal(expected, type);
        Assert.False(TaskTypeNames.TryParse("numeric", out _));
    }

    [Fact]
    public void K_shot_demonstrations_go_before_both_prompts()
    {
        var task = TaskFileReader.Read(Fixture("logodds-two-classes.jsonl"));

        var twoShot = FewShotBuilder.Build(task, 2, seed: 1);

        foreach (var (example, original) in twoShot.Examples.Zip(task.Examples))
        {
            var demonstrations = example.Prompt[..^original.Prompt.Length];
            Assert.EndsWith(FewShotBuilder.Separator, demonstrations);
            Assert.Equal(demonstrations + original.OtherPrompt, example.OtherPrompt);
        }
    }

    private static string Fixture(string name) => Fixtures.Path("logodds", name);
}
