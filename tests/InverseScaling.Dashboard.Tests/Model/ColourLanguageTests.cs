using InverseScaling.Dashboard.Components.Pages;
using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Dashboard.Tests.Model;

/// <summary>One colour language (issue 11): distinct family colours, one Δ sign and colour, natural and graded groups.</summary>
public class ColourLanguageTests : DashboardTestContext
{
    [Fact]
    public void Families_get_distinct_colours_that_stay_fixed()
    {
        var palette = new ChartPalette();
        string[] families = ["GPT-3", "OPT", "Pythia", "TinyStories (llama2.c / HF tiny)", "GPT-2", "my-family", "another", "T5", "OPT-IML", "BLOOM", "Gopher", "Chinchilla"];

        var colours = families.Select(palette.FamilyColor).ToList();

        Assert.Equal(families.Length, colours.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["#0072B2", "#E69F00", "#009E73", "#D55E00"], colours.Take(4));
        Assert.Equal(colours, families.Select(palette.FamilyColor));
    }

    [Fact]
    public void An_unknown_family_seen_first_leaves_the_known_families_their_colours()
    {
        var palette = new ChartPalette();
        var other = palette.FamilyColor("zzz");

        Assert.DoesNotContain(other, new[] { "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00" });
        Assert.Equal("#0072B2", palette.FamilyColor("GPT-3"));
    }

    [Fact]
    public void Graded_colours_run_from_the_first_to_the_last_stop_in_order()
    {
        var palette = new ChartPalette();

        Assert.Equal("#440154", palette.GradedColor(0, 4));
        Assert.Equal("#B4DE2C", palette.GradedColor(3, 4));
        // Luminance rises monotonically along the scale: the order is visible without a legend.
        var lightness = Enumerable.Range(0, 6).Select(i => palette.GradedColor(i, 6)).Select(Green).ToList();
        Assert.Equal(lightness.Order(), lightness);
    }

    [Fact]
    public void Natural_order_puts_T2_before_T10()
    {
        string[] templates = ["T10", "T2", "t1", "T12", "T1", "T11", "T3"];

        Assert.Equal(["t1", "T1", "T2", "T3", "T10", "T11", "T12"], templates.Order(NaturalOrder.Instance).ToArray(), StringComparer.OrdinalIgnoreCase);
        Assert.True(NaturalOrder.Instance.Compare("x007", "x8") < 0);
    }

    [Fact]
    public void Delta_is_bigger_minus_smaller_red_when_positive_and_first_sort_is_most_inverse_first()
    {
        // small: 0.5 everywhere; large: 0.4, 0.9, 0.6, 0.2 → Δ = loss(large) − loss(small) = −0.1, 0.4, 0.1, −0.3.
        var dataset = Samples.Dataset(4);
        Store.SaveDataset(dataset);
        double[] large = [0.4, 0.9, 0.6, 0.2];
        foreach (var (model, size, loss) in new[] { ("small", 1L, (Func<int, double>)(_ => 0.5)), ("large", 100L, i => large[i]) })
        {
            var results = dataset.Examples.Select(e => Samples.Result(e.Index, loss(e.Index), e.AnswerIndex)).ToList();
            Store.ImportRun(Samples.Run(model, "Toy", size, Aggregator.Compute(results, dataset)), results);
        }

        var page = RenderAt<Examples>(DashboardUrls.ExamplesUrl(new ExampleViewState { Task = Samples.Task }));
        page.Find("[data-testid=sort-delta]").Click();
        page = RenderAt<Examples>(Navigation.Uri);

        Assert.Equal(["true"], QueryValues(DashboardUrls.Query.Descending));
        var rows = page.FindAll("[data-testid=example-row]");
        Assert.Equal(["1", "2", "0", "3"], rows.Select(r => r.GetAttribute("data-index")));
        Assert.Contains("delta-pos", rows[0].QuerySelector("[data-testid=delta-cell]")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("delta-neg", rows[3].QuerySelector("[data-testid=delta-cell]")!.ClassName, StringComparison.Ordinal);

        var scatter = RenderAt<Scatter>(DashboardUrls.ScatterUrl(new ExampleViewState { Task = Samples.Task }));
        var bars = ScatterFigure.Groups(scatter.Instance.ViewModel!, ChartStyle.Default).Data[0];
        Assert.Equal(0.025, bars.Y![0], 12); // mean of −0.1, 0.4, 0.1, −0.3
        Assert.Equal([LossDelta.WorseColor], (IEnumerable<object>)bars.Marker!.Color!);
    }

    private static int Green(string hex) => Convert.ToInt32(hex[3..5], 16);
}
