using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Engine.Tests.Storage;

/// <summary>A logodds task and its results survive the LiteDB store: other_prompt and the class log-probs after it.</summary>
public sealed class LogoddsStorageTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Other_prompts_and_their_class_logprobs_round_trip()
    {
        var store = _db.Open();
        var task = TaskFileReader.Read(Fixtures.Path("logodds", "biased-prompt.csv"));
        store.SaveDataset(task);
        store.GetOrCreateRun(StoreSamples.Run() with { TaskType = TaskType.Logodds });
        var written = StoreSamples.Result(0) with { ClassLogprobs = [-0.5, -1.25], OtherClassLogprobs = [-2.0, -0.1 - 0.2] };
        store.AppendResults("run-1", [written, StoreSamples.Result(1)]);

        var dataset = store.GetDataset(task.Sha256)!;
        var results = store.GetResults("run-1");

        Assert.Equal(TaskType.Logodds, dataset.Type);
        Assert.Equal(task.Examples.Select(e => e.OtherPrompt), dataset.Examples.Select(e => e.OtherPrompt));
        Assert.Equal(TaskType.Logodds, store.GetRun("run-1")!.TaskType);
        Assert.Equal([-2.0, -0.1 - 0.2], results[0].OtherClassLogprobs);
        Assert.Empty(results[1].OtherClassLogprobs);
    }

    [Fact]
    public void A_logodds_run_of_a_file_has_another_key_than_its_old_classification_run()
    {
        var model = StoreSamples.Model();
        var settings = new ScoringSettings();

        var classification = RunKey.For(model, "sha", settings);
        var logodds = RunKey.For(model, "sha", settings, TaskType.Logodds);

        Assert.Equal(classification, RunKey.For(model, "sha", settings, TaskType.Classification));
        Assert.NotEqual(classification, logodds);
        Assert.NotEqual(logodds, RunKey.For(model, "sha", settings, TaskType.AbsoluteLogodds));
    }
}
