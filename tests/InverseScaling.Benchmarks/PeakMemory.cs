using System.Diagnostics;
using System.Globalization;

namespace InverseScaling.Benchmarks;

/// <summary>
/// Peak resident memory of this process since the last <see cref="Reset"/>: on Linux VmHWM, which writing 5 to
/// /proc/self/clear_refs resets, so each model's peak is its own; elsewhere the process-lifetime peak working set.
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: Read falls back to the lifetime peak.
        }
    }

    public static long Read()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Fall through to the portable figure.
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
