using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.Model;

public class ScalingViewNotesTests
{
    [Fact]
    public void A_family_whose_sizes_share_one_token_count_is_named_as_a_vertical_line()
    {
        var runs = new[] { ("ada", 350_000_000L), ("davinci", 175_000_000_000L) }
            .Select(m => Samples.Run(m.Item1, "GPT-3", m.Item2, Samples.Loss(0.7, 0.01)) with { TrainingTokens = 300_000_000_000 })
            .ToList();

        var view = ScalingView.Build(Samples.Task, runs, new ScalingRequest { Axis = ScalingAxis.TrainingTokens }, new Dictionary<string, AggregateMetrics>(), _ => null);

        Assert.Contains("GPT-3: all 2 models share one training tokens value (300B), so the curve is a vertical line on this axis; compare its sizes on parameters.", view.Notes);
        Assert.DoesNotContain(ScalingView.Build(Samples.Task, runs, new ScalingRequest(), new Dictionary<string, AggregateMetrics>(), _ => null).Notes,
            n => n.Contains("vertical line", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bundled_result_file_is_shown_relative_to_the_bundled_folder()
    {
        var run = Samples.Run("ada", "GPT-3", 1) with
        {
            Source = new RunSource { Origin = RunOrigin.Imported, File = Path.Combine(BundledContent.Results, "neqa-gpt3", "ada.csv") },
        };

        Assert.Equal("bundled/results/neqa-gpt3/ada.csv", RunSelection.SourceFileText(run));
        Assert.Equal("data/x.csv", RunSelection.SourceFileText(run with { Source = run.Source with { File = "data/x.csv" } }));
    }
}
