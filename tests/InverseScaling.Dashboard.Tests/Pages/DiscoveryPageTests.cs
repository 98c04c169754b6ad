using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

public class DiscoveryPageTests : DashboardTestContext
{
    private void Family(string task, string family, params double[] losses)
    {
        for (var i = 0; i < losses.Length; i++)
        {
            var aggregate = new AggregateMetrics { Count = 100, MeanLoss = losses[i], LossSem = 0.01, Accuracy = 0.5, AccuracySem = 0.05 };
            Store.UpdateRun(Samples.Run($"{family}-{i}", family, (long)Math.Pow(10, 8 + i), aggregate, task: task, imported: true, perExample: false));
        }
    }

    [Fact]
    public void Rows_are_sorted_by_strength_link_to_their_scaling_page_and_filter_by_family()
    {
        Family("mild", "Acme", 0.5, 0.55, 0.6);
        Family("steep", "Acme", 0.5, 1.0, 1.5);
        Family("steep", "Other", 0.9, 0.7, 0.5);

        var page = RenderAt<Discovery>(DashboardUrls.DiscoveryUrl());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=discovery-row]").Count));
        var rows = page.FindAll("[data-testid=discovery-row]");
        Assert.Equal([("steep", "Acme"), ("mild", "Acme"), ("steep", "Other")], rows.Select(r => (r.GetAttribute("data-task"), r.GetAttribute("data-family"))));
        Assert.Equal(DashboardUrls.ScalingUrl("steep"), rows[0].QuerySelector("[data-testid=discovery-link]")!.GetAttribute("href"));
        Assert.Equal("inverse", rows[0].QuerySelector("[data-testid=verdict]")!.GetAttribute("data-verdict"));
        Assert.Equal("standard", rows[2].QuerySelector("[data-testid=verdict]")!.GetAttribute("data-verdict"));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=sparkline] polyline"));

        var other = RenderAt<Discovery>(DashboardUrls.DiscoveryUrl(family: "Other"));
        other.WaitForAssertion(() => Assert.Equal(["Other"], other.FindAll("[data-testid=discovery-row]").Select(r => r.GetAttribute("data-family"))));
    }

    [Fact]
    public void Without_three_sizes_of_a_family_the_page_says_what_is_missing()
    {
        Family("steep", "Acme", 0.5, 1.0);

        var page = RenderAt<Discovery>(DashboardUrls.DiscoveryUrl());

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=discovery-empty]")));
    }
}
