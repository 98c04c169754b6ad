using InverseScaling.Dashboard.Model;
using InverseScaling.Dashboard.Tests.TestSupport;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Tests.Model;

/// <summary>
/// Tick thinning by label width (issue 11: FLOPs labels overlapped; OPT's 13B tick dropped out in presentation mode).
/// Widths: 0.62 em per character + 4 px; the axis 640 px over the points' span × 1.1 + 0.2 decades.
/// </summary>
public class ScalingTicksTests
{
    private static readonly IReadOnlyDictionary<string, AggregateMetrics> NoLive = new Dictionary<string, AggregateMetrics>();

    [Fact]
    public void Every_opt_size_keeps_its_tick_at_presentation_font_size()
    {
        long[] sizes = [125_000_000, 350_000_000, 1_300_000_000, 2_700_000_000, 6_700_000_000, 13_000_000_000, 30_000_000_000, 66_000_000_000, 175_000_000_000];
        var runs = sizes.Select(p => Samples.Run("opt-" + p, "OPT", p, Samples.Loss(0.7, 0.01))).ToList();
        var view = ScalingView.Build("t", runs, new ScalingRequest(), NoLive, _ => null);

        // Span log10(1400) = 3.146 → 3.661 decades, 174.8 px per decade. The closest pair, 6.7B and 13B, is 0.288 decades
        // apart and needs (53.6 + 41.2) / 2 px = 0.271 decades at 20 px; a fixed 0.3-decade gap used to drop 13B.
        Assert.Equal(["125M", "350M", "1.3B", "2.7B", "6.7B", "13B", "30B", "66B", "175B"], view.Ticks(fontSize: 20).Select(t => t.Label));
    }

    [Fact]
    public void Long_flops_labels_are_thinned_so_neighbours_do_not_overlap()
    {
        // GPT-3 on 300B tokens, OPT on 180B: 6·N·D from 1.35e20 to 3.15e23 FLOPs; seven sizes, so named ticks.
        RunRecord[] runs =
        [
            Run("o125m", "OPT", 125_000_000, 180e9), Run("ada", "GPT-3", 350_000_000, 300e9), Run("o1.3b", "OPT", 1_300_000_000, 180e9),
            Run("babbage", "GPT-3", 1_300_000_000, 300e9), Run("curie", "GPT-3", 6_700_000_000, 300e9), Run("o13b", "OPT", 13_000_000_000, 180e9),
            Run("davinci", "GPT-3", 175_000_000_000, 300e9),
        ];
        var view = ScalingView.Build("t", runs, new ScalingRequest { Axis = ScalingAxis.TrainingCompute }, NoLive, _ => null);

        // 163.9 px per decade; 8-character labels are 68.5 px wide at 13 px. 1.4e+21 is 0.348 decades after 6.3e+20
        // (0.369 needed) and 1.4e+22 0.066 after 1.21e+22: both left out, and since ticks are missing anyway the model
        // names are dropped rather than more sizes.
        Assert.Equal(["1.35e+20", "6.3e+20", "2.34e+21", "1.21e+22", "3.15e+23"], view.Ticks(fontSize: 13).Select(t => t.Label));
    }

    private static RunRecord Run(string model, string family, long parameters, double tokens) =>
        Samples.Run(model, family, parameters, Samples.Loss(0.7, 0.01)) with { TrainingTokens = (long)tokens };
}
