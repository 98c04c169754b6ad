using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Services;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>
/// The store holds only the task file; a k-shot run's prompts are rebuilt (FewShotBuilder is deterministic) so every
/// example view shows what the model actually read.
/// </summary>
public class KShotPromptTests : DashboardTestContext
{
    private const int Shots = 2;
    private const int Seed = 7;
    private readonly TaskDataset _dataset = Samples.Dataset(9);

    public KShotPromptTests()
    {
        Store.SaveDataset(_dataset);
        var results = _dataset.Examples.Select(e => Samples.Result(e.Index, 0.3, e.AnswerIndex)).ToList();
        Store.ImportRun(Samples.Run("m", "Toy", 1_000_000, Aggregator.Compute(results, _dataset), shots: Shots) with { Seed = Seed }, results);
    }

    private TaskDataset Expected => FewShotBuilder.Build(_dataset, Shots, Seed);

    [Fact]
    public void Example_page_shows_the_k_shot_prompt_as_scored_and_its_metadata()
    {
        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(new ExampleViewState { Task = Samples.Task, Shots = Shots }, 4));

        var prompt = page.Find("[data-testid=example-prompt]").TextContent;
        Assert.Equal(Expected.Examples[4].Prompt, prompt);
        Assert.NotEqual(_dataset.Examples[4].Prompt, prompt);
        Assert.EndsWith(FewShotBuilder.Separator + _dataset.Examples[4].Prompt, prompt, StringComparison.Ordinal);
        Assert.Contains(("shots", "2"), page.Instance.Detail!.Metadata);
        Assert.Contains($"seed {Seed}", page.Find("[data-testid=example-kshot]").TextContent, StringComparison.Ordinal);
        // The example's own prompt is set apart from the demonstrations; the task stays official (not "generated").
        Assert.Equal(_dataset.Examples[4].Prompt, page.Find("[data-testid=example-own-prompt]").TextContent);
        Assert.EndsWith(FewShotBuilder.Separator, page.Find("[data-testid=example-demonstrations]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=task-origin]"));
    }

    [Fact]
    public void Zero_shot_view_of_the_same_task_has_no_k_shot_note()
    {
        var results = _dataset.Examples.Select(e => Samples.Result(e.Index, 0.3, e.AnswerIndex)).ToList();
        Store.ImportRun(Samples.Run("m", "Toy", 1_000_000, Aggregator.Compute(results, _dataset)), results);

        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(new ExampleViewState { Task = Samples.Task }, 4));

        Assert.Equal(_dataset.Examples[4].Prompt, page.Find("[data-testid=example-prompt]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=example-kshot]"));
        Assert.Empty(page.FindAll("[data-testid=example-demonstrations]"));
    }

    [Fact]
    public void Examples_grid_shows_and_searches_the_k_shot_prompts()
    {
        // "item 3," is in example 3's own prompt and in every prompt that drew example 3 as a demonstration.
        var expected = Expected.Examples.Where(e => e.Prompt.Contains("item 3:", StringComparison.Ordinal)).Select(e => e.Index).ToList();
        Assert.True(expected.Count > 1, "the seed should draw example 3 as someone's demonstration");

        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState
        {
            Task = Samples.Task,
            Shots = Shots,
            Query = new ExampleQuery { Text = "item 3:" },
        }));

        var rows = page.FindAll("[data-testid=example-row]");
        Assert.Equal(expected, rows.Select(r => int.Parse(r.GetAttribute("data-index")!, System.Globalization.CultureInfo.InvariantCulture)));
        var first = Expected.Examples[expected[0]];
        Assert.Equal(first.Prompt, rows[0].QuerySelector("td.prompt")!.GetAttribute("title"));
        Assert.Contains("2-shot", page.Find("[data-testid=examples-kshot]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_builds_each_k_shot_variant_once()
    {
        var catalog = Services.GetRequiredService<ResultsCatalog>();

        var table = catalog.TaskResults(Samples.Task, Shots)!;
        Assert.Equal(Seed, table.Seed);
        Assert.Same(table.Dataset, catalog.AsScored(_dataset, Shots, Seed));

        // A finished run drops the task's table; the rebuilt table reuses the k-shot prompts.
        Store.UpdateRun(Store.GetRuns().Single());
        var rebuilt = catalog.TaskResults(Samples.Task, Shots)!;
        Assert.NotSame(table, rebuilt);
        Assert.Same(table.Dataset, rebuilt.Dataset);
        Assert.Same(_dataset, catalog.AsScored(_dataset, 0, Seed));
    }
}
