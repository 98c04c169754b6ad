using System.Globalization;
using InverseScaling.EndToEnd.Tests.Cli;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Runs;
using InverseScaling.Engine.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>An absolute_logodds task scored by two bundled models, in the running app: its own axis title and no chance line.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LogoddsScalingTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_scaling_chart_plots_the_absolute_logodds_difference_without_a_chance_line()
    {
        var task = TaskTypeOverride.Apply(TaskFileReader.Read(Fixtures.Path("logodds", "logodds-two-classes.jsonl")), TaskType.AbsoluteLogodds);
        var evaluation = fixture.Server.Services.GetRequiredService<IEvaluationService>();
        var means = new Dictionary<string, double>();
        foreach (var name in new[] { "stories260K", "TinyStories-656K" })
        {
            var run = await evaluation.RunAsync(task, ModelFolder.Load(TestData.BundledModel(name)), new ScoringSettings());
            means[name] = run.Aggregate!.MeanLoss!.Value;
        }

        await using var page = await fixture.OpenAsync("/scaling?task=" + Uri.EscapeDataString(task.Name));

        var traces = await page.ReadChartAsync("scaling-chart");
        Assert.Empty(await page.ReadDashedLevelsAsync("scaling-chart"));
        var title = await page.EvaluateAsync<string>("id => document.getElementById(id).layout.yaxis.title.text", "scaling-chart");
        Assert.Equal("Absolute logodds difference", title);
        await Assertions.Expect(page.ByTestId("scaling-table").Locator("thead")).ToContainTextAsync("Absolute logodds difference");
        var drawn = traces.Where(t => t.Mode.Contains("markers", StringComparison.Ordinal)).SelectMany(t => t.Y).Order().ToArray();
        Assert.Equal(means.Values.Order().ToArray(), drawn, (a, b) => Math.Abs(a - b) < 1e-9);
        foreach (var (model, mean) in means)
        {
            var row = page.ByTestId("scaling-row").And(page.Page.Locator($"[data-model='{model}']"));
            Assert.Equal(mean, double.Parse(await row.GetAttributeAsync("data-value") ?? "NaN", CultureInfo.InvariantCulture), 1e-9);
        }

        Assert.Empty(page.Errors);
    }
}
