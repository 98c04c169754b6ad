using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Data;

namespace InverseScaling.Dashboard.Tests.Services;

public class TaskGenerationServiceTests
{
    [Fact]
    public async Task Generated_task_is_stored_labelled_as_generated()
    {
        var store = new InMemoryResultsStore();
        var service = new TaskGenerationService(store);
        var spec = Assert.Single(service.Specs(), s => s.Name == "pattern-matching-suppression");

        var outcome = await service.GenerateAsync(spec.Path, seed: 3);

        Assert.Null(outcome.Error);
        var stored = Assert.Single(store.GetDatasets());
        Assert.Equal(TaskOrigin.Generated, stored.Origin);
        Assert.Equal(outcome.Dataset!.Examples.Count, stored.Examples.Count);
        Assert.Contains("generated", stored.Name, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_broken_spec_is_refused_with_its_file_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-spec-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{ \"name\": ");
        try
        {
            var outcome = await new TaskGenerationService(new InMemoryResultsStore()).GenerateAsync(path, 0);
            Assert.Null(outcome.Dataset);
            Assert.Contains(path, outcome.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
