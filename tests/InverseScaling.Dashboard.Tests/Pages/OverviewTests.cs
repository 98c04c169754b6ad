using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;

namespace InverseScaling.Dashboard.Tests.Pages;

public class OverviewTests : DashboardTestContext
{
    [Fact]
    public void Empty_store_shows_the_empty_state()
    {
        var page = RenderAt<Overview>(DashboardUrls.OverviewUrl());
        Assert.NotNull(page.Find("[data-testid=overview-empty]"));
    }

    [Fact]
    public void One_card_per_task_and_family_with_its_verdict_linking_to_scaling()
    {
        Store.UpdateRun(Samples.Run("small", "GPT-3", 350_000_000, Samples.Loss(0.70, 0.01)));
        Store.UpdateRun(Samples.Run("big", "GPT-3", 175_000_000_000, Samples.Loss(0.80, 0.01)));
        Store.UpdateRun(Samples.Run("opt", "OPT", 125_000_000, Samples.Loss(0.75, 0.01)));

        var page = RenderAt<Overview>(DashboardUrls.OverviewUrl());

        var cards = page.FindAll("[data-testid=overview-card]");
        Assert.Equal(["GPT-3", "OPT"], cards.Select(c => c.GetAttribute("data-family")));
        Assert.Equal("inverse", cards[0].QuerySelector("[data-testid=verdict]")!.GetAttribute("data-verdict"));
        Assert.Equal(DashboardUrls.ScalingUrl(Samples.Task), cards[0].GetAttribute("href"));
        // Thumbnails are drawn without plotly's mode bar (it would sit over the curve on devices without hover).
        var renders = JSInterop.Invocations.Where(i => i.Identifier == "render").ToList();
        Assert.Equal(2, renders.Count);
        Assert.All(renders, r => Assert.Equal(false, r.Arguments[3]));
    }

    [Fact]
    public void Family_without_loss_is_shown_on_accuracy_instead_of_being_left_out()
    {
        var accuracyOnly = new Engine.Scoring.AggregateMetrics { Count = 100, Accuracy = 0.8, AccuracySem = 0.02 };
        Store.UpdateRun(Samples.Run("p1", "Pythia", 70_000_000, accuracyOnly, imported: true, perExample: false));
        Store.UpdateRun(Samples.Run("p2", "Pythia", 12_000_000_000, accuracyOnly with { Accuracy = 0.5 }, imported: true, perExample: false));

        var page = RenderAt<Overview>(DashboardUrls.OverviewUrl());

        var card = Assert.Single(page.FindAll("[data-testid=overview-card]"));
        Assert.Equal(DashboardUrls.ScalingUrl(Samples.Task, ScalingMetric.Accuracy), card.GetAttribute("href"));
        Assert.Equal("inverse", card.QuerySelector("[data-testid=verdict]")!.GetAttribute("data-verdict"));
    }
}
