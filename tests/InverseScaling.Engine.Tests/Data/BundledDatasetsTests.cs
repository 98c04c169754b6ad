using InverseScaling.Engine.Data;
using InverseScaling.Engine.Tests.TestSupport;

namespace InverseScaling.Engine.Tests.Data;

public class BundledDatasetsTests
{
    [Fact]
    public void The_shipped_datasets_are_the_official_files()
    {
        var tasks = Directory.GetFiles(Path.Combine(SharedData.Bundled, "datasets"), "*.jsonl").Select(TaskFileReader.Read).ToList();

        Assert.Equal(["Hindsight Neglect", "Memo Trap", "NeQA"], tasks.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tasks, t => Assert.Equal(TaskOrigin.Official, t.Origin));
        Assert.All(tasks, t => Assert.Equal(OfficialTasks.FindBySha256(t.Sha256)!.Rows, t.Examples.Count));
    }
}
