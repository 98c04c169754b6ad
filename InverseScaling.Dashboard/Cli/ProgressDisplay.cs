using System.Diagnostics;
using System.Globalization;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Runs;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// Shows a run's progress on the error stream: a bar redrawn in place on a terminal, or a plain line every few
/// seconds when the stream is redirected (CI logs, files), so logs stay readable.
/// </summary>
internal sealed class ProgressDisplay(CliConsole console) : IProgress<RunProgress>
{
    private const int BarWidth = 30;
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private int _drawnWidth;
    private RunProgress? _last;

    public void Report(RunProgress value)
    {
        lock (_gate)
        {
            var first = _last is null || _last.RunId != value.RunId;
            _last = value;
            if (console.IsInteractive)
            {
                Redraw(value);
            }
            else if (first || _sinceLastLine.Elapsed >= PlainInterval || value.Completed == value.Total)
            {
                console.Error.WriteLine(Describe(value));
                _sinceLastLine.Restart();
            }
        }
    }

    /// <summary>Ends the bar's line so the next output starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (console.IsInteractive && _drawnWidth > 0)
            {
                console.Error.Write('\r' + new string(' ', _drawnWidth) + '\r');
                _drawnWidth = 0;
            }

            _last = null;
        }
    }

    private void Redraw(RunProgress value)
    {
        var fraction = value.Total == 0 ? 1 : (double)value.Completed / value.Total;
        var filled = (int)Math.Round(fraction * BarWidth);
        var text = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {Describe(value)}";
        console.Error.Write('\r' + text.PadRight(_drawnWidth));
        _drawnWidth = text.Length;
    }

    private static string Describe(RunProgress p)
    {
        var speed = p.FromCache ? "cached" : p.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " tok/s";
        return $"{p.TaskName} × {p.ModelName}: {p.Completed}/{p.Total} ({speed})";
    }
}
