using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Pages;

/// <summary>An absolute_logodds task on the scaling and example pages: its metric is named, with no chance line.</summary>
public class LogoddsPagesTests : DashboardTestContext
{
    private const string Task = "toy-logodds (absolute_logodds)";
    private const string SignedTask = "toy-logodds";

    public LogoddsPagesTests()
    {
        Seed(Task, TaskType.AbsoluteLogodds);
        Seed(SignedTask, TaskType.Logodds);
    }

    private void Seed(string task, TaskType type)
    {
        var dataset = new TaskDataset
        {
            Name = task,
            Type = type,
            Origin = TaskOrigin.User,
            SourcePath = "/data/toy-logodds.jsonl",
            Sha256 = "sha-" + task,
            Examples = Enumerable.Range(0, 3).Select(i => new TaskExample
            {
                Index = i,
                Line = i + 1,
                Prompt = $"Is item {i} big? Answer:",
                OtherPrompt = $"I think item {i} is small. Is item {i} big? Answer:",
                Classes = [" Yes", " No"],
                AnswerIndex = i % 2,
            }).ToList(),
        };
        Store.SaveDataset(dataset);
        foreach (var (model, parameters, shift) in new[] { ("small", 1_000_000L, 0.5), ("large", 100_000_000L, 1.5) })
        {
            var results = dataset.Examples.Select(e => Result(e, shift, type == TaskType.AbsoluteLogodds)).ToList();
            var aggregate = Aggregator.Compute(results, dataset);
            Store.ImportRun(Samples.Run(model, "Toy", parameters, aggregate, task: task) with { TaskType = type }, results);
        }
    }

    [Fact]
    public void Scaling_page_plots_the_absolute_logodds_difference_without_a_chance_line()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Task));

        var view = page.Instance.View!;
        Assert.Equal("Absolute logodds difference", view.YLabel);
        Assert.Null(view.Baseline);
        Assert.Equal(TrendVerdict.Inverse, view.Series.Single().Verdict);
        Assert.Contains("Absolute logodds difference", page.Find("[data-testid=scaling-table] thead").TextContent, StringComparison.Ordinal);
        Assert.Contains("no chance line", page.Markup, StringComparison.Ordinal);
        Assert.Equal(["small", "large"], page.FindAll("[data-testid=scaling-row]").Select(r => r.GetAttribute("data-model")));
    }

    [Fact]
    public void Invert_leaves_logodds_differences_as_they_are_and_says_so()
    {
        var page = RenderAt<Scaling>(DashboardUrls.ScalingUrl(Task, invert: true));

        var view = page.Instance.View!;
        Assert.Equal("Absolute logodds difference", view.YLabel);
        Assert.Equal(Store.GetRuns(Task).Single(r => r.ModelName == "large").Aggregate!.MeanLoss!.Value, view.Series.Single().Points[1].Y, 12);
        Assert.Contains(page.FindAll("[data-testid=scaling-note]"), n => n.TextContent.Contains("Invert applies to the classification loss", StringComparison.Ordinal));
    }

    [Fact]
    public void Example_page_shows_the_other_prompt_and_the_class_probabilities_after_it()
    {
        var page = RenderAt<ExampleDetail>(DashboardUrls.ExampleUrl(new ExampleViewState { Task = Task }, 1));

        Assert.Equal("I think item 1 is small. Is item 1 big? Answer:", page.Find("[data-testid=example-other-prompt]").TextContent);
        Assert.Equal("Absolute logodds difference", page.Find("[data-testid=example-metric-header]").TextContent);
        var large = page.Instance.Detail!.Models.Single(m => m.Model == "large");
        Assert.Equal(1 / (1 + Math.Exp(-1.5)), large.Probabilities![0], 12);
        Assert.Equal(0.5, large.OtherProbabilities![0], 12);
        Assert.Equal(4, page.FindAll("[data-testid=other-probability]").Count);
        var csv = page.Instance.Detail!.ToCsv().Split('\n');
        Assert.StartsWith("model,class_index,class,is_answer,logprob,probability,logodds_difference,correct,other_logprob,other_probability", csv[0]);
        var cells = csv[1].TrimEnd('\r').Split(',');
        Assert.Equal(-2.0, double.Parse(cells[^2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.5, double.Parse(cells[^1], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void Scatter_axes_name_the_logodds_difference_and_reach_its_negative_values()
    {
        var page = RenderAt<Scatter>(DashboardUrls.ScatterUrl(new ExampleViewState { Task = SignedTask }));

        var scatter = page.Instance.ViewModel!;
        // Example 1's answer is class 1, so its difference is negated: −0.5 (small) and −1.5 (large).
        Assert.Contains(scatter.Points, p => p.LossA < 0 && p.LossB < 0);
        var layout = scatter.ScatterFigure(new ChartPalette(), ChartStyle.Default).Layout;
        Assert.Equal("logodds difference of small", layout.Xaxis!.Title!.Text);
        Assert.True(layout.Xaxis.Range![0] <= -1.5);
    }

    [Fact]
    public void Search_covers_the_other_prompt()
    {
        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState { Task = SignedTask, Query = new ExampleQuery { Text = "item 2 is small" } }));

        Assert.Equal(["2"], page.FindAll("[data-testid=example-row]").Select(r => r.GetAttribute("data-index")));
        Assert.Contains("per-example logodds difference", page.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Δ logodds difference", page.Find("[data-testid=sort-delta]").TextContent.Trim());
    }

    /// <summary>After the prompt class 0 leads by <paramref name="shift"/> nats; after other_prompt the classes are even.</summary>
    private static ExampleResult Result(TaskExample example, double shift, bool absolute)
    {
        double[] prompt = [-1.0, -1.0 - shift];
        double[] other = [-2.0, -2.0];
        return ExampleResult.Logodds(example.Index, prompt, other, example.AnswerIndex, absolute);
    }
}
