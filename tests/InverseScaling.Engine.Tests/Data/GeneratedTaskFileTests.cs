using System.Text;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Data.Generators;

namespace InverseScaling.Engine.Tests.Data;

/// <summary>A generated task saved with <see cref="TaskFileWriter"/> and read back is still a generated task.</summary>
public class GeneratedTaskFileTests
{
    private static readonly Lazy<TaskDataset> Generated = new(() => PatternMatchingSuppressionGenerator.Generate(1));

    [Fact]
    public void Every_row_names_the_generated_task_after_the_official_keys_and_before_the_metadata()
    {
        var lines = Encoding.ASCII.GetString(TaskFileWriter.ToJsonlBytes(Generated.Value)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1428, lines.Length);
        Assert.All(lines, line => Assert.Contains(
            ",\"round\":null,\"part\":null,\"generator\":\"pattern-matching-suppression (generated, seed 1)\",\"template\":", line));
    }

    [Fact]
    public void Reading_the_file_back_gives_the_generated_task_with_the_same_bytes_and_identity()
    {
        var task = Generated.Value;
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var path = Path.Combine(dir.FullName, "pms.jsonl");
            TaskFileWriter.WriteJsonl(task, path);

            var back = TaskFileReader.Read(path);

            Assert.Equal(TaskOrigin.Generated, back.Origin);
            Assert.Equal("pattern-matching-suppression (generated, seed 1)", back.Name);
            Assert.Equal("pattern-matching-suppression (generated, seed 1)", back.GeneratedBy);
            Assert.Equal(task.Sha256, back.Sha256);
            Assert.Equal(task.MetadataColumns, back.MetadataColumns);
            Assert.DoesNotContain(TaskFileKeys.Generator, back.MetadataColumns);
            Assert.All(back.Examples, e => Assert.False(e.Metadata.ContainsKey(TaskFileKeys.Generator)));
            Assert.Equal(task.Examples.Select(e => (e.Prompt, e.AnswerIndex, string.Join("|", e.Classes))),
                back.Examples.Select(e => (e.Prompt, e.AnswerIndex, string.Join("|", e.Classes))));
            Assert.Equal(File.ReadAllBytes(path), TaskFileWriter.ToJsonlBytes(back));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_few_shot_task_keeps_its_name_and_label()
    {
        var source = TaskFileReader.Read(Encoding.UTF8.GetBytes(
            "{\"prompt\":\"Q1\",\"classes\":\"[' A', ' B']\",\"answer_index\":0}\n{\"prompt\":\"Q2\",\"classes\":\"[' A', ' B']\",\"answer_index\":1}\n"),
            "two.jsonl");
        var shot = FewShotBuilder.Build(source, 1, seed: 3);

        var back = TaskFileReader.Read(TaskFileWriter.ToJsonlBytes(shot), "saved.jsonl");

        Assert.Equal(TaskOrigin.Generated, back.Origin);
        Assert.Equal("two (1-shot, seed 3)", back.Name);
        Assert.Equal(shot.Sha256, back.Sha256);
    }

    [Theory]
    [InlineData("Pattern Matching Suppression")]
    [InlineData("pattern-matching-suppression")]
    [InlineData("memo-trap_classification")]
    [InlineData(" NEQA ")]
    public void A_file_claiming_an_official_name_is_still_labelled_generated(string claimed)
    {
        var line = $"{{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":0,\"generator\":\"{claimed}\"}}\n";

        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(line), "pattern-matching-suppression_classification.jsonl");

        Assert.Equal(TaskOrigin.Generated, task.Origin);
        Assert.Equal(claimed + " (generated)", task.Name);
        Assert.Empty(task.Warnings);
    }

    [Fact]
    public void A_csv_with_a_generator_column_is_a_generated_task()
    {
        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes(
            "prompt,classes,answer_index,generator,level\nQ,\"[' A', ' B']\",0,mine (generated),1\nR,\"[' A', ' B']\",1,mine (generated),2\n"), "mine.csv");

        Assert.Equal(TaskOrigin.Generated, task.Origin);
        Assert.Equal("mine (generated)", task.Name);
        Assert.Equal(["level"], task.MetadataColumns);
    }

    [Fact]
    public void User_and_official_tasks_are_written_without_the_generator_key()
    {
        var user = TaskFileReader.Read(Encoding.UTF8.GetBytes("{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":0,\"round\":null,\"part\":null}\n"), "u.jsonl");

        Assert.Equal(TaskOrigin.User, user.Origin);
        Assert.DoesNotContain("generator", Encoding.ASCII.GetString(TaskFileWriter.ToJsonlBytes(user)));
    }

    [Fact]
    public void Metadata_columns_named_like_file_keys_are_not_written_twice()
    {
        var source = TaskFileReader.Read(Encoding.UTF8.GetBytes("{\"prompt\":\"Q\",\"classes\":\"[' A', ' B']\",\"answer_index\":1,\"round\":2,\"part\":1}\n"), "u.jsonl");
        var applied = MetadataColumns.Apply(source, []);
        Assert.Contains(MetadataColumns.Round, applied.MetadataColumns);

        var back = TaskFileReader.Read(TaskFileWriter.ToJsonlBytes(applied), "u2.jsonl");

        Assert.Equal(2, back.Examples[0].Round);
        Assert.Equal(1, back.Examples[0].AnswerIndex);
        Assert.DoesNotContain(MetadataColumns.Round, back.MetadataColumns);
        Assert.Contains(MetadataColumns.PromptChars, back.MetadataColumns);
    }

    [Fact]
    public void A_generated_task_without_a_name_cannot_be_written()
    {
        var task = Generated.Value with { Name = " " };

        Assert.Throws<ArgumentException>(() => TaskFileWriter.ToJsonlBytes(task));
    }
}
