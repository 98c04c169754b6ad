using InverseScaling.Engine.Data;

namespace InverseScaling.Engine.Tests.Data;

public class BundledDatasetsTests
{
    [Fact]
    public void The_shipped_datasets_are_the_official_files()
    {
        var tasks = Directory.GetFiles(Path.Combine(BundledContent.Root, "datasets"), "*.jsonl").Select(TaskFileReader.Read).ToList();

        Assert.Equal(["Hindsight Neglect", "Memo Trap", "NeQA"], tasks.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tasks, t => Assert.Equal(TaskOrigin.Official, t.Origin));
        Assert.All(tasks, t => Assert.Equal(OfficialTasks.FindBySha256(t.Sha256)!.Rows, t.Examples.Count));
    }

    [Theory]
    [InlineData("neqa", "neqa_classification.jsonl")]
    [InlineData("memo_trap", "memo-trap_classification.jsonl")]
    [InlineData("hindsight_neglect", "hindsight-neglect_classification.jsonl")]
    public void The_test_fixtures_are_the_official_files_too(string folder, string fileName)
    {
        var task = TaskFileReader.Read(Fixtures.InverseScaling(folder, fileName));

        Assert.Equal(TaskOrigin.Official, task.Origin);
        Assert.Equal(fileName, OfficialTasks.FindBySha256(task.Sha256)!.FileName);
    }
}
