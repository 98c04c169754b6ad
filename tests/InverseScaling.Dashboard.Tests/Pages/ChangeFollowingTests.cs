using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>
/// Open pages follow what happens elsewhere (another tab, the command line on the same database, the scoring queue)
/// through <see cref="DashboardChanges"/>: nothing is clicked on the page itself.
/// </summary>
public class ChangeFollowingTests : DashboardTestContext
{
    public ChangeFollowingTests() =>
        Store.UpdateRun(Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));

    [Fact]
    public void The_scaling_page_draws_a_run_of_its_task_stored_after_it_opened()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Samples.Task));
        Assert.Equal(["small"], page.FindAll("[data-testid=scaling-row]").Select(r => r.GetAttribute("data-model")));

        Store.UpdateRun(Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.01)));

        page.WaitForAssertion(() => Assert.Equal(["small", "big"], page.FindAll("[data-testid=scaling-row]").Select(r => r.GetAttribute("data-model"))));
    }

    [Fact]
    public void The_runs_page_lists_a_run_stored_elsewhere_and_shows_a_job_queued_elsewhere()
    {
        var page = RenderAt<Runs>(DashboardUrls.RunsUrl());
        Assert.Single(page.FindAll("[data-testid=stored-run]"));
        Assert.Empty(page.FindAll("[data-testid=run-job]"));

        Store.UpdateRun(Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.01), status: RunStatus.Running));
        Services.GetRequiredService<RunCoordinator>().Enqueue(Samples.Dataset(2), Samples.Model, new ScoringSettings());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=stored-run]").Count));
        page.WaitForAssertion(() => Assert.Equal(Samples.Task, page.Find("[data-testid=run-job]").GetAttribute("data-task")));
    }
}
