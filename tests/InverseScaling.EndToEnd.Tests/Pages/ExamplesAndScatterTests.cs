using System.Text.RegularExpressions;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>Per-example views on the bundled NeQA × GPT-3 per-example results: filter, drill down, ada vs davinci.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExamplesAndScatterTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Filtering_examples_by_text_narrows_the_grid_and_lives_in_the_url()
    {
        await using var page = await fixture.OpenAsync("/examples?task=NeQA");
        await page.WaitForCircuitAsync();
        var count = page.ByTestId("examples-count");
        await Assertions.Expect(count).ToHaveAttributeAsync("data-count", "300");

        await page.FillUntilUrlAsync(page.TextInput("examples-search"), "barometer", new Regex("q=barometer"));

        await Assertions.Expect(count).Not.ToHaveAttributeAsync("data-count", "300");
        var filtered = int.Parse(await count.GetAttributeAsync("data-count") ?? "-1");
        Assert.InRange(filtered, 1, 299);
        Assert.Equal(filtered, await page.ByTestId("example-row").CountAsync());
        foreach (var row in await page.ByTestId("example-row").AllAsync())
        {
            Assert.Contains("barometer", await row.InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        }

        await using var reopened = await fixture.OpenAsync(page.Page.Url);
        await Assertions.Expect(reopened.ByTestId("examples-count")).ToHaveAttributeAsync("data-count", filtered.ToString());
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Clicking_a_scatter_point_opens_that_example()
    {
        await using var page = await fixture.OpenAsync("/scatter?task=NeQA&a=ada&b=davinci");
        await page.WaitForChartAsync("scatter-chart");
        var traces = await page.ReadChartAsync("scatter-chart");
        Assert.Equal(300, traces.Sum(t => t.CustomData.Length));

        // The point farthest from its neighbours on screen, so the click cannot land on another one.
        var target = await page.EvaluateAsync<ScreenPoint>(
            """
            id => {
                const gd = document.getElementById(id);
                const box = gd.getBoundingClientRect();
                const points = [];
                gd._fullData.forEach(t => {
                    if (!t.customdata) return;
                    const xa = gd._fullLayout[t.xaxis.replace('x', 'xaxis')];
                    const ya = gd._fullLayout[t.yaxis.replace('y', 'yaxis')];
                    t.x.forEach((x, i) => points.push({
                        x: box.left + xa._offset + xa.l2p(xa.d2l(x)),
                        y: box.top + ya._offset + ya.l2p(ya.d2l(t.y[i])),
                        index: String(t.customdata[i]),
                    }));
                });
                let best = points[0], bestGap = -1;
                for (const p of points) {
                    let gap = Infinity;
                    for (const q of points) {
                        if (q !== p) gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
                    }
                    if (gap > bestGap) { best = p; bestGap = gap; }
                }
                return best;
            }
            """,
            "scatter-chart");

        await page.Page.Mouse.MoveAsync((float)target.X, (float)target.Y);
        await page.Page.Mouse.ClickAsync((float)target.X, (float)target.Y);

        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex($@"/example\?.*index={target.Index}(&|$)"));
        await Assertions.Expect(page.ByTestId("example-title")).ToContainTextAsync($"#{target.Index}");
        await Assertions.Expect(page.ByTestId("example-model-row").Filter(new() { HasText = "davinci" })).ToHaveCountAsync(1);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Example_detail_marks_the_answer_and_its_copied_link_reopens_it()
    {
        await using var page = await fixture.OpenAsync("/example?task=NeQA&index=5");
        await Assertions.Expect(page.ByTestId("example-title")).ToContainTextAsync("#5");
        await Assertions.Expect(page.ByTestId("example-class").And(page.Page.Locator("[data-answer='true']"))).ToHaveCountAsync(1);

        await page.ByTestId("example-next").ClickAsync();
        await Assertions.Expect(page.Page).ToHaveURLAsync(new Regex("index=6(&|$)"));
        await Assertions.Expect(page.ByTestId("example-title")).ToContainTextAsync("#6");

        await using var reopened = await fixture.OpenAsync(page.Page.Url);
        await Assertions.Expect(reopened.ByTestId("example-title")).ToContainTextAsync("#6");
        await Assertions.Expect(reopened.ByTestId("example-prompt")).ToContainTextAsync("Which was not happens most near canyons");
        await Assertions.Expect(page.ByTestId("example-prompt")).ToContainTextAsync("Which was not happens most near canyons");
        Assert.Empty(reopened.Errors);
    }

    private sealed record ScreenPoint(double X, double Y, string Index);
}
