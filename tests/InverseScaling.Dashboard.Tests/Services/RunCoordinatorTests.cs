using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace InverseScaling.Dashboard.Tests.Services;

public class RunCoordinatorTests
{
    [Fact]
    public async Task Runs_in_the_background_reporting_live_progress_and_partial_aggregates()
    {
        var evaluation = new ScriptedEvaluationService { Gate = new TaskCompletionSource() };
        using var coordinator = new RunCoordinator(evaluation, NullLogger<RunCoordinator>.Instance);
        await coordinator.StartAsync(CancellationToken.None);

        var job = coordinator.Enqueue(Samples.Dataset(4), Samples.Model, new ScoringSettings());
        await WaitFor(() => job.State == RunJobState.Running && job.Completed == 1);
        Assert.Equal(4, job.Total);
        Assert.Equal(0.5, coordinator.LiveAggregates[job.RunId!].MeanLoss);

        evaluation.Gate.SetResult();
        await WaitFor(() => job.State == RunJobState.Done);
        Assert.Empty(coordinator.LiveAggregates);
        await coordinator.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_skips_a_queued_one()
    {
        var evaluation = new ScriptedEvaluationService { Gate = new TaskCompletionSource() };
        using var coordinator = new RunCoordinator(evaluation, NullLogger<RunCoordinator>.Instance);
        await coordinator.StartAsync(CancellationToken.None);

        var running = coordinator.Enqueue(Samples.Dataset(4), Samples.Model, new ScoringSettings());
        var queued = coordinator.Enqueue(Samples.Dataset(4, name: "other"), Samples.Model, new ScoringSettings());
        await WaitFor(() => running.State == RunJobState.Running);
        coordinator.Cancel(queued);
        coordinator.Cancel(running);

        await WaitFor(() => running.State == RunJobState.Cancelled);
        Assert.Equal(RunJobState.Cancelled, queued.State);
        Assert.Equal(1, evaluation.Calls);
        await coordinator.StopAsync(CancellationToken.None);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(10);
        }
    }
}
