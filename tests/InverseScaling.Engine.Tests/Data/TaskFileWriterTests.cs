using System.Text;
using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class TaskFileWriterTests
{
    [Theory]
    [InlineData("memo_trap/memo-trap_classification.jsonl")]
    [InlineData("neqa/neqa_classification.jsonl")]
    [InlineData("hindsight_neglect/hindsight-neglect_classification.jsonl")]
    public void Rewriting_an_official_file_gives_its_exact_bytes(string relativePath)
    {
        var path = Fixtures.InverseScaling(relativePath);
        var task = TaskFileReader.Read(path);

        Assert.Equal(File.ReadAllBytes(path), TaskFileWriter.ToJsonlBytes(task));
        Assert.Equal(task.Sha256, TaskFileWriter.ContentSha256(task));
    }

    [Fact]
    public void Escapes_like_pandas_and_round_trips_metadata()
    {
        var task = new TaskDataset
        {
            Name = "t",
            Type = TaskType.Classification,
            Origin = TaskOrigin.User,
            SourcePath = "",
            Sha256 = "",
            MetadataColumns = ["reps", "label", "padded"],
            Examples =
            [
                new TaskExample
                {
                    Index = 0, Line = 1, Prompt = "a/b \"q\" \\ é\t😀\u007f", Classes = [" it's", " x"], AnswerIndex = 1,
                    Metadata = new Dictionary<string, string> { ["reps"] = "7", ["label"] = "A B", ["padded"] = "007" },
                },
            ],
        };

        var text = Encoding.ASCII.GetString(TaskFileWriter.ToJsonlBytes(task));

        Assert.Equal(
            "{\"prompt\":\"a\\/b \\\"q\\\" \\\\ \\u00e9\\t\\ud83d\\ude00\u007f\",\"classes\":\"[\\\" it's\\\", ' x']\",\"answer_index\":1,\"round\":null,\"part\":null,\"reps\":7,\"label\":\"A B\",\"padded\":\"007\"}\n",
            text);
        var back = TaskFileReader.Read(Encoding.ASCII.GetBytes(text), "back.jsonl");
        Assert.Equal(task.Examples[0].Prompt, back.Examples[0].Prompt);
        Assert.Equal(task.Examples[0].Classes, back.Examples[0].Classes);
        Assert.Equal(task.MetadataColumns, back.MetadataColumns);
        Assert.Equal(task.Examples[0].Metadata, back.Examples[0].Metadata);
    }

    [Fact]
    public void Writes_sequence_prob_with_completion()
    {
        var task = TaskFileReader.Read(Encoding.UTF8.GetBytes("{\"prompt\":\"P\",\"completion\":\" c\",\"round\":2,\"part\":1}\n"), "s.jsonl");

        Assert.Equal("{\"prompt\":\"P\",\"completion\":\" c\",\"round\":2,\"part\":1}\n", Encoding.ASCII.GetString(TaskFileWriter.ToJsonlBytes(task)));
    }
}
