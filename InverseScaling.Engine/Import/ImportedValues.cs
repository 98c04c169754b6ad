using System.Globalization;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Scoring;

namespace InverseScaling.Engine.Import;

/// <summary>
/// The one set of rules an imported value must meet before it can be stored, whatever layout it came from: numbers
/// finite and in their range, counts that fit the task, example indices inside the task and each once, a text file
/// without NUL bytes. The readers parse through <see cref="Number"/> and <see cref="WholeNumber"/> and check ranges
/// as they read, so a refusal names the line; <see cref="Validate"/> then checks the built runs whole, so a layout
/// that forgets a check still cannot store a NaN or an accuracy of 7.5.
/// </summary>
internal static class ImportedValues
{
    // Files written from float32 can put a loss or a log-probability a rounding error on the wrong side of 0.
    private const double RoundingSlack = 1e-6;

    /// <summary>
    /// A NUL byte is refused before anything is parsed: .NET's number parsing ignores trailing NULs, so
    /// "0.5875\0…" would otherwise be stored as 0.5875. The content itself is never echoed.
    /// </summary>
    public static void RequireText(ImportContext context)
    {
        // Streamed in blocks: a samples file of hundreds of MB is checked without being held in memory.
        using var stream = File.OpenRead(context.Path);
        var buffer = new byte[1 << 20];
        var line = 1;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var block = buffer.AsSpan(0, read);
            var nul = block.IndexOf((byte)0);
            if (nul >= 0)
            {
                throw context.Refuse("the file contains a NUL byte: not a UTF-8 text file (binary, or saved as UTF-16?)", line + block[..nul].Count((byte)'\n'));
            }

            line += block.Count((byte)'\n');
        }
    }

    /// <summary>A decimal number as the files write it ("0.5", "-1.2e-3"); NaN, ±Inf and overflows such as 1e400 are refused.</summary>
    public static double Number(ImportContext context, string text, string what, int? line)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw context.Refuse($"{what} \"{text}\" is not a number", line);
        }

        return double.IsFinite(value) ? value : throw context.Refuse($"{what} \"{text}\" is not a finite number", line);
    }

    /// <summary>A whole number such as a parameter count ("125000000" or "1.25e8"), within the range of a long.</summary>
    public static long WholeNumber(ImportContext context, string text, string what, int? line)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        var value = Number(context, text, what, line);
        // 2^63 is exactly representable; anything at or above it does not fit a long.
        return value == Math.Floor(value) && Math.Abs(value) < 9.223372036854775807e18
            ? (long)value
            : throw context.Refuse($"{what} \"{text}\" is not a whole number that fits in 64 bits", line);
    }

    /// <summary>A number of examples: at least 1 and small enough to be held as an int.</summary>
    public static int Count(ImportContext context, long value, string what, int? line) =>
        value is >= 1 and <= int.MaxValue
            ? (int)value
            : throw context.Refuse($"{what} {value.ToString(CultureInfo.InvariantCulture)} is not a number of examples (1 to {int.MaxValue:N0})", line);

    /// <summary>An accuracy or class mass: a proportion in [0, 1].</summary>
    public static double? Proportion(ImportContext context, double? value, string what, int? line) =>
        value is null || (Finite(context, value.Value, what, line) is >= 0 and <= 1)
            ? value
            : throw context.Refuse($"{what} {Show(value.Value)} is outside 0 to 1", line);

    /// <summary>A loss (−log p, or its mean) or a standard error: never below 0.</summary>
    public static double? NonNegative(ImportContext context, double? value, string what, int? line) =>
        value is null || Finite(context, value.Value, what, line) >= -RoundingSlack
            ? value
            : throw context.Refuse($"{what} {Show(value.Value)} is negative; it cannot be below 0", line);

    /// <summary>A log-probability (a class's, or logsumexp over the classes): never above 0.</summary>
    public static double LogProbability(ImportContext context, double value, string what, int? line) =>
        Finite(context, value, what, line) <= RoundingSlack
            ? value
            : throw context.Refuse($"{what} {Show(value)} is positive; a log-probability cannot be above 0", line);

    /// <summary>Checks every run read from the file, after its layout's reader built it.</summary>
    public static void Validate(ImportContext context, IReadOnlyList<ImportedRun> runs)
    {
        foreach (var (run, results, _, _) in runs)
        {
            var name = $"{run.TaskName} × {run.ModelName}";
            // A logodds task's "loss" is a change in log-odds: any finite number, negative included.
            var logodds = run.TaskType.IsLogodds();
            Count(context, run.Total, $"{name}: the number of examples", null);
            if (run.Completed < 0 || run.Completed > run.Total)
            {
                throw context.Refuse($"{name}: {run.Completed} results for a task of {run.Total} examples");
            }

            if (run.Aggregate is { } a)
            {
                if (Count(context, a.Count, $"{name}: n", null) > run.Total)
                {
                    throw context.Refuse($"{name}: n = {a.Count} is more than the task's {run.Total} examples");
                }

                Proportion(context, a.Accuracy, $"{name}: accuracy", null);
                Proportion(context, a.AccuracyNorm, $"{name}: acc_norm", null);
                Proportion(context, a.ClassMass, $"{name}: class mass", null);
                if (logodds)
                {
                    _ = a.MeanLoss is { } mean ? Finite(context, mean, $"{name}: mean logodds difference", null) : 0;
                }
                else
                {
                    NonNegative(context, a.MeanLoss, $"{name}: loss", null);
                }

                NonNegative(context, a.LossSem, $"{name}: loss SEM", null);
                NonNegative(context, a.AccuracySem, $"{name}: accuracy SEM", null);
                NonNegative(context, a.AccuracyNormSem, $"{name}: acc_norm SEM", null);
            }

            var seen = new HashSet<int>();
            foreach (var r in results)
            {
                if (r.Index < 0 || r.Index >= run.Total)
                {
                    throw context.Refuse($"{name}: example index {r.Index} is outside the task's 0 to {run.Total - 1}");
                }

                if (!seen.Add(r.Index))
                {
                    throw context.Refuse($"{name}: example {r.Index} is given twice");
                }

                // A not-scored example (beyond the model's context) carries no numbers to check.
                if (r.Scored)
                {
                    ValidateResult(context, r, $"{name}, example {r.Index}", logodds);
                }
            }
        }
    }

    private static void ValidateResult(ImportContext context, ExampleResult result, string what, bool logodds)
    {
        if (logodds)
        {
            Finite(context, result.Loss, $"{what}: logodds difference", null);
        }
        else
        {
            NonNegative(context, result.Loss, $"{what}: loss", null);
        }

        if (result.ClassLogprobs.Count > 0)
        {
            // lm-eval's continuations are whole sequences, and one may be a prefix of another: their probabilities can
            // sum past 1, so the logsumexp is bounded by ln(number of classes), each class's own log-prob by 0.
            var bound = Math.Log(result.ClassLogprobs.Count) + RoundingSlack;
            if (Finite(context, result.TotalLogprob, $"{what}: total_logprob", null) > bound)
            {
                throw context.Refuse($"{what}: total_logprob {Show(result.TotalLogprob)} is more than the log of its {result.ClassLogprobs.Count} classes", null);
            }
        }
        else if (!double.IsNaN(result.TotalLogprob))
        {
            // NaN here is "not recorded" (the pipeline's loss-only layout): a NaN in a file is refused where it is parsed.
            LogProbability(context, result.TotalLogprob, $"{what}: total_logprob", null);
        }

        foreach (var logprob in result.ClassLogprobs)
        {
            LogProbability(context, logprob, $"{what}: class log-probability", null);
        }
    }

    private static double Finite(ImportContext context, double value, string what, int? line) =>
        double.IsFinite(value) ? value : throw context.Refuse($"{what} is {Show(value)}; only finite numbers can be stored", line);

    private static string Show(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
