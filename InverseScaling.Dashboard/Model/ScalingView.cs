using System.Globalization;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Model;

/// <summary>What the scaling page is asked to show (all of it from the URL).</summary>
public sealed record ScalingRequest
{
    public ScalingMetric Metric { get; init; }

    public ScalingAxis Axis { get; init; }

    public bool Invert { get; init; }

    public int Shots { get; init; }

    /// <summary>Families to hide (the legend toggles).</summary>
    public IReadOnlyCollection<string> HiddenFamilies { get; init; } = [];

    /// <summary>A metadata column to split each family's curve by (one curve per value); null for one curve per family.</summary>
    public string? Split { get; init; }
}

/// <summary>
/// The values of the split column per example (<see cref="ScalingRequest.Split"/>): each family's curve becomes one curve
/// per value, its points the metric over that value's examples (Korbak's analysis: loss vs size per repetition count).
/// </summary>
/// <param name="ValueOf">The column's value of each example, by example index.</param>
/// <param name="Dataset">The task, for class counts and lengths (chance lines, acc_norm) of each subset.</param>
public sealed record ScalingSplit(string Column, IReadOnlyDictionary<int, string> ValueOf, TaskDataset Dataset)
{
    /// <summary>More curves than this per family would be unreadable: such a column is refused with a note.</summary>
    public const int MaxValues = 12;

    /// <summary>Numbers (repetitions, k) are ordinal and get graded colours; anything else is nominal.</summary>
    public bool Numeric => Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    /// <summary>The distinct values, numbers in numeric order, names in natural order (T2 before T10).</summary>
    public IReadOnlyList<string> Values => _values ??= MetadataOrder.Sort(ValueOf.Values.Distinct(StringComparer.Ordinal), v => v).ToList();

    private IReadOnlyList<string>? _values;

    public static ScalingSplit For(string column, MetadataTable metadata, TaskDataset dataset) => new(
        column,
        dataset.Examples.Select((e, row) => (e.Index, Value: metadata.Value(column, row))).ToDictionary(p => p.Index, p => p.Value),
        dataset);
}

/// <summary>One model on a curve.</summary>
/// <param name="Count">Examples the point is the mean of: those the model scored.</param>
/// <param name="NotScored">Examples the model could not score (a class longer than its context), left out of the point.</param>
public sealed record ScalingPoint(RunRecord Run, double X, double Y, double? Sem, int Count, bool Partial, int NotScored = 0)
{
    /// <summary>"n" as the table shows it: the count, or "scored/all" when some examples could not be scored.</summary>
    public string CountText => NotScored > 0 ? $"{Count}/{Count + NotScored}" : Count.ToString(CultureInfo.InvariantCulture);

    public string Model => Run.ModelName;

    public bool Imported => Run.Source.Origin == RunOrigin.Imported;
}

/// <summary>One curve: a family (or, over training steps, one size of a family).</summary>
/// <param name="SplitValue">The split column's value this curve is drawn for; null when the view is not split.</param>
public sealed record ScalingSeries(string Name, string Family, IReadOnlyList<ScalingPoint> Points, TrendVerdict Verdict, string? SplitValue = null)
{
    public bool AnyImported => Points.Any(p => p.Imported);

    /// <summary>Some point has no standard error from its source, so the verdict used an estimated one.</summary>
    public bool VerdictIsApproximate => Points.Any(p => p.Sem is null);
}

/// <summary>The scaling chart's data, independent of how it is drawn (chart, table and CSV all come from it).</summary>
public sealed record ScalingView(
    string Task,
    ScalingRequest Request,
    IReadOnlyList<ScalingSeries> Series,
    IReadOnlyList<string> Families,
    double? Baseline,
    IReadOnlyList<string> Notes)
{
    /// <param name="runs">The task's runs (any status; filtered here).</param>
    /// <param name="live">Partial aggregates of runs still scoring, by run id.</param>
    /// <param name="perExample">Per-example results of a run, for the exact per-example loss inversion; null when it has none.</param>
    public static ScalingView Build(
        string task,
        IReadOnlyList<RunRecord> runs,
        ScalingRequest request,
        IReadOnlyDictionary<string, AggregateMetrics> live,
        Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample,
        ScalingSplit? split = null)
    {
        var current = RunSelection.Current(runs, request.Shots);
        var notes = new List<string>();
        var type = runs.Count > 0 ? runs[0].TaskType : TaskType.Classification;
        if (type.IsLogodds() && request.Invert && request.Metric == ScalingMetric.Loss)
        {
            // The Prize's --invert is −log(1 − e^−loss), defined for an NLL; plot_loss.py never inverts logodds plots.
            notes.Add("Invert applies to the classification loss: logodds differences are drawn as they are.");
            request = request with { Invert = false };
        }

        split = UsableSplit(split, request, notes);
        var families = current.Select(r => r.Family).Distinct(StringComparer.Ordinal).ToList();
        var points = new List<(string Series, string Family, string? SplitValue, ScalingPoint Point)>();
        var withoutPerExample = new List<string>();
        var baselines = new List<double>();
        var skippedForInvert = new List<string>();
        var withoutX = new List<string>();
        var partlyScored = new List<string>();

        foreach (var group in Grouped(current, request.Axis))
        {
            if (request.HiddenFamilies.Contains(group.Family))
            {
                continue;
            }

            foreach (var run in group.Runs)
            {
                var x = request.Axis.XOf(run);
                var whole = RunSelection.AggregateOf(run, live);
                if (x is not > 0 || whole is null)
                {
                    if (whole is not null)
                    {
                        withoutX.Add(run.ModelName);
                    }

                    continue;
                }

                var parts = Parts(run, whole, split, perExample);
                if (parts is null)
                {
                    withoutPerExample.Add(run.ModelName);
                    continue;
                }

                foreach (var (splitValue, aggregate, results) in parts)
                {
                    var value = ValueOf(aggregate, request, results);
                    if (value is null)
                    {
                        if (request.Invert && request.Metric == ScalingMetric.Loss)
                        {
                            skippedForInvert.Add(run.ModelName);
                        }

                        continue;
                    }

                    var name = splitValue is null ? group.Name : $"{group.Name} · {split!.Column} = {(splitValue.Length == 0 ? "(empty)" : splitValue)}";
                    points.Add((name, group.Family, splitValue, new ScalingPoint(run, x.Value, value.Value.Mean, value.Value.Sem, aggregate.Count, run.Status != RunStatus.Complete, aggregate.NotScored)));
                    if (aggregate.NotScored > 0)
                    {
                        partlyScored.Add($"{run.ModelName} ({aggregate.Count} of {aggregate.Total})");
                    }

                    if (BaselineOf(aggregate, request) is { } baseline)
                    {
                        baselines.Add(baseline);
                    }
                }
            }
        }

        if (request.Axis == ScalingAxis.TrainingCompute)
        {
            notes.Add(ScalingOptionText.ComputeExplanation);
        }

        if (withoutX.Count > 0 && request.Axis != ScalingAxis.TrainingStep)
        {
            notes.Add($"Left off this axis because their {request.Axis.MissingWhat()} is not known: {string.Join(", ", withoutX)}.");
        }

        if (partlyScored.Count > 0)
        {
            notes.Add("Some examples could not be scored (a class longer than the model's context); each point and its chance line "
                + $"use the examples its model scored: {string.Join(", ", partlyScored)}.");
        }

        if (skippedForInvert.Count > 0)
        {
            notes.Add($"Inverted loss needs per-example losses; aggregate-only runs are hidden: {string.Join(", ", skippedForInvert.Distinct())}.");
        }

        if (withoutPerExample.Count > 0)
        {
            notes.Add($"Splitting by {split!.Column} needs per-example results; aggregate-only runs are left off: {string.Join(", ", withoutPerExample)}.");
        }

        notes.AddRange(current.Select(r => r.Source.Note).OfType<string>().Distinct(StringComparer.Ordinal));
        var warnings = points.GroupBy(p => p.Series)
            .Where(g => g.Count() > 1 && g.Select(p => p.Point.X).Distinct().Count() == 1)
            .Select(g => $"{g.Key}: all {g.Count()} models share one {request.Axis.Noun()} value ({request.Axis.FormatX(g.First().Point.X)}), "
                + "so the curve is a vertical line on this axis; compare its sizes on parameters.")
            .ToList();
        notes.AddRange(warnings);

        var series = points
            .GroupBy(p => (p.Series, p.Family, p.SplitValue))
            .Select(g =>
            {
                var ordered = g.Select(p => p.Point).OrderBy(p => p.X).ToList();
                var verdict = TrendClassifier.Classify(
                    ordered.Select(p => new TrendPoint(p.X, p.Y, p.Sem ?? EstimatedSem(p, request.Metric))),
                    request.Metric.HigherIsBetter() ^ request.Invert);
                return new ScalingSeries(g.Key.Series, g.Key.Family, ordered, verdict, g.Key.SplitValue);
            })
            // Split curves: each family's curves in the column's order (numeric, or natural: T2 before T10).
            .OrderBy(s => families.IndexOf(s.Family))
            .ThenBy(s => split is null ? 0 : IndexOf(split.Values, s.SplitValue))
            .ToList();

        return new ScalingView(task, request with { Split = split?.Column }, series, families, baselines.Count > 0 ? baselines.Average() : null, notes)
        {
            TaskType = type,
            Split = split,
            Warnings = warnings,
            FamiliesWithoutData = families
                .Where(f => !request.HiddenFamilies.Contains(f) && !series.Any(s => s.Family == f))
                .ToList(),
        };
    }

    /// <summary>The notes that change how the chart reads (a family drawn as a vertical line): shown beside it, not below.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The column the curves are split by, with its values in order; null when each family is one curve.</summary>
    public ScalingSplit? Split { get; init; }

    /// <summary>
    /// The split the view can draw: none when not asked for, and none, with a note, when the column is unknown, on the
    /// training-step axis (already one curve per size) or has too many values to read.
    /// </summary>
    private static ScalingSplit? UsableSplit(ScalingSplit? split, ScalingRequest request, List<string> notes)
    {
        if (request.Split is null)
        {
            return null;
        }

        if (split is null || split.Column != request.Split)
        {
            notes.Add($"Not split by \"{request.Split}\": the task has no such metadata column.");
            return null;
        }

        if (request.Axis == ScalingAxis.TrainingStep)
        {
            notes.Add($"Not split by {split.Column} on the training-step axis (already one curve per size); split on parameters, tokens or FLOPs.");
            return null;
        }

        if (split.Values.Count > ScalingSplit.MaxValues)
        {
            notes.Add($"Not split by {split.Column}: it has {split.Values.Count} values, more than the {ScalingSplit.MaxValues} curves per family a chart can show legibly.");
            return null;
        }

        return split;
    }

    /// <summary>
    /// What a run contributes: its whole aggregate, or with a split one aggregate per value of the column over the
    /// examples with that value (null when the run has no per-example results to split).
    /// </summary>
    private static IReadOnlyList<(string? SplitValue, AggregateMetrics Aggregate, Func<IReadOnlyList<ExampleResult>?> Results)>? Parts(
        RunRecord run, AggregateMetrics whole, ScalingSplit? split, Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample)
    {
        if (split is null)
        {
            return [(null, whole, () => run.Source.HasPerExampleResults ? perExample(run) : null)];
        }

        var results = run.Source.HasPerExampleResults ? perExample(run) : null;
        if (results is null || results.Count == 0)
        {
            return null;
        }

        return results
            .GroupBy(r => split.ValueOf.GetValueOrDefault(r.Index, ""))
            .Select(g =>
            {
                var subset = g.ToList();
                return ((string?)g.Key, Aggregator.Compute(subset, split.Dataset), (Func<IReadOnlyList<ExampleResult>?>)(() => subset));
            })
            .ToList();
    }

    private static int IndexOf(IReadOnlyList<string> values, string? value) => value is null ? -1 : values.ToList().IndexOf(value);

    /// <summary>Shown families (not toggled off) with no point for this metric and axis, e.g. accuracy-only imports on loss.</summary>
    public IReadOnlyList<string> FamiliesWithoutData { get; init; } = [];

    /// <summary>
    /// The other metrics that would draw something for the same task, axis, k-shot setting and shown families: offered as
    /// one-click switches when the chosen one has no data (lm-eval v0.3 imports, say, carry accuracy but no loss).
    /// </summary>
    public static IReadOnlyList<ScalingMetric> OtherMetricsWithData(
        string task,
        IReadOnlyList<RunRecord> runs,
        ScalingRequest request,
        IReadOnlyDictionary<string, AggregateMetrics> live,
        Func<RunRecord, IReadOnlyList<ExampleResult>?> perExample) =>
        Enum.GetValues<ScalingMetric>()
            .Where(m => m != request.Metric && Build(task, runs, request with { Metric = m }, live, perExample).Series.Count > 0)
            .ToList();

    /// <summary>
    /// Ticks at the model sizes, labelled with the model names like the Prize's plots when there are few; with many
    /// models (several families, checkpoints) only sizes. Thinned from the left so neighbouring labels never overlap:
    /// a label is about 0.62 em wide per character of its longest line, and the axis is assumed no wider than
    /// <paramref name="plotWidth"/> pixels — the narrowest it is drawn at <paramref name="fontSize"/> (a 960 px wide
    /// slide export with presentation fonts leaves about 640 px for the plot).
    /// </summary>
    public IReadOnlyList<(double X, string Label)> Ticks(double fontSize = 13, double plotWidth = 640)
    {
        var sizes = Series.SelectMany(s => s.Points).GroupBy(p => p.X).OrderBy(g => g.Key).ToList();
        if (sizes.Count == 0)
        {
            return [];
        }

        // Plotly pads a log axis beyond the outermost points: count a little more than their span.
        var span = (Math.Log10(sizes[^1].Key) - Math.Log10(sizes[0].Key)) * 1.1 + 0.2;
        var pixelsPerDecade = plotWidth / span;
        var named = sizes.Count <= MaxNamedTicks && Request.Axis != ScalingAxis.TrainingStep ? Thinned(true) : null;
        // Names are a bonus: where they would cost a size its tick, the sizes are labelled without them.
        return named is not null && named.Count == sizes.Count ? named : Thinned(false);

        List<(double X, string Label)> Thinned(bool withNames)
        {
            var ticks = new List<(double X, string Label)>();
            foreach (var size in sizes)
            {
                var label = Request.Axis.FormatX(size.Key);
                if (withNames)
                {
                    label += "<br>" + string.Join("/", size.Select(p => ShortName(p.Model)).Distinct().Take(2));
                }

                var neededDecades = (LabelWidth(label, fontSize) + (ticks.Count > 0 ? LabelWidth(ticks[^1].Label, fontSize) : 0)) / 2 / pixelsPerDecade;
                if (ticks.Count > 0 && Math.Log10(size.Key) - Math.Log10(ticks[^1].X) < neededDecades)
                {
                    continue;
                }

                ticks.Add((size.Key, label));
            }

            return ticks;
        }
    }

    /// <summary>A tick label's width in pixels with a 4 px margin: 0.62 em per character of its longest line (Roboto's digits
    /// are 0.56 em, "M" and "B" wider).</summary>
    private static double LabelWidth(string label, double fontSize) =>
        label.Split("<br>").Max(line => line.Length) * 0.62 * fontSize + 4;

    private const int MaxNamedTicks = 8;

    /// <summary>The task's type (its runs'): decides what the loss metric is called.</summary>
    public TaskType TaskType { get; init; }

    public string YLabel => (Request.Invert ? "Inverted " : "") + Request.Metric.Label(TaskType);

    /// <summary>The data behind the chart, one row per point.</summary>
    public string ToCsv() => Csv.Write(
        ["task", "series", "family", "model", Request.Axis.Token(), Request.Metric.Token() + (Request.Invert ? "_inverted" : ""), "sem", "n", "not_scored", "verdict", "source", "source_file", "source_url", "partial"],
        Series.SelectMany(s => s.Points.Select(p => (IReadOnlyList<string>)
        [
            Task, s.Name, s.Family, p.Model,
            p.X.ToString("R", CultureInfo.InvariantCulture),
            p.Y.ToString("R", CultureInfo.InvariantCulture),
            p.Sem?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            p.Count.ToString(CultureInfo.InvariantCulture),
            p.NotScored.ToString(CultureInfo.InvariantCulture),
            s.Verdict.Label(),
            RunSelection.SourceLabel(p.Run),
            RunSelection.SourceFileText(p.Run),
            p.Run.Source.Url ?? "",
            p.Partial ? "yes" : "no",
        ])));

    private static string ShortName(string model) => model.Length <= 14 ? model : model[..13] + "…";

    private static IEnumerable<(string Name, string Family, IReadOnlyList<RunRecord> Runs)> Grouped(IReadOnlyList<RunRecord> runs, ScalingAxis axis)
    {
        if (axis == ScalingAxis.TrainingStep)
        {
            // Scaling over training at fixed size: one curve per family × size, over the checkpoints.
            return runs.Where(r => r.TrainingStep is not null && r.Parameters is not null)
                .GroupBy(r => (r.Family, Parameters: r.Parameters!.Value))
                .OrderBy(g => g.Key.Family, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key.Parameters)
                .Select(g => ($"{g.Key.Family} {NumberFormat.Size(g.Key.Parameters)}", g.Key.Family, (IReadOnlyList<RunRecord>)g.ToList()));
        }

        // Scaling over size: one point per size, the final checkpoint where a family has several.
        return runs.GroupBy(r => r.Family)
            .Select(g => (g.Key, g.Key, (IReadOnlyList<RunRecord>)g
                .GroupBy(r => r.Parameters)
                .Select(s => s.OrderByDescending(r => r.TrainingStep ?? long.MaxValue).First())
                .ToList()));
    }

    private static (double Mean, double? Sem)? ValueOf(
        AggregateMetrics aggregate, ScalingRequest request, Func<IReadOnlyList<ExampleResult>?> perExample)
    {
        (double? Mean, double? Sem) raw = request.Metric switch
        {
            ScalingMetric.Loss => (aggregate.MeanLoss, aggregate.LossSem),
            ScalingMetric.Accuracy => (aggregate.Accuracy, aggregate.AccuracySem),
            ScalingMetric.AccuracyNorm => (aggregate.AccuracyNorm, aggregate.AccuracyNormSem),
            ScalingMetric.ClassMass => (aggregate.ClassMass, null),
            _ => (null, null),
        };
        if (raw.Mean is not { } mean)
        {
            return null;
        }

        if (!request.Invert || request.Metric == ScalingMetric.ClassMass)
        {
            return (mean, raw.Sem);
        }

        if (request.Metric != ScalingMetric.Loss)
        {
            // Accuracy inverted per example is 1 − correct: the mean flips, the SEM is unchanged.
            return (1 - mean, raw.Sem);
        }

        // The Prize inverts each example's loss, −log(1 − e^−loss), before averaging; that needs per-example results.
        var results = perExample();
        if (results is null || results.Count == 0)
        {
            return null;
        }

        var (invertedMean, invertedSem) = Aggregator.MeanAndSem(results.Where(r => r.Scored).Select(r => PrizeMetrics.InvertLoss(r.Loss)).ToList());
        return invertedMean is { } inverted ? (inverted, invertedSem) : null;
    }

    private static double? BaselineOf(AggregateMetrics aggregate, ScalingRequest request) => request.Metric switch
    {
        ScalingMetric.Loss => aggregate.LossBaseline is { } b && request.Invert ? PrizeMetrics.InvertLoss(b) : aggregate.LossBaseline,
        ScalingMetric.Accuracy or ScalingMetric.AccuracyNorm => aggregate.AccuracyBaseline is { } a && request.Invert ? 1 - a : aggregate.AccuracyBaseline,
        _ => null,
    };

    /// <summary>
    /// Aggregate-only imports often come without a standard error. For the trend verdict only (never drawn as an error
    /// bar) a conservative stand-in is used: the binomial √(p(1−p)/n) for accuracies and class mass, and mean/√n for
    /// loss (per-example NLLs have a standard deviation below their mean on the Prize tasks: NeQA GPT-3's is about a
    /// third of it), so noise is not mistaken for a trend. Such verdicts are marked approximate in the UI.
    /// </summary>
    private static double EstimatedSem(ScalingPoint point, ScalingMetric metric)
    {
        if (point.Count <= 0)
        {
            return 0;
        }

        if (metric == ScalingMetric.Loss)
        {
            return Math.Abs(point.Y) / Math.Sqrt(point.Count);
        }

        var p = Math.Clamp(point.Y, 0, 1);
        return Math.Sqrt(p * (1 - p) / point.Count);
    }
}
