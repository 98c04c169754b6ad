namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, diagnostics and progress to <see cref="Error"/>, so that
/// <c>export</c> and friends can be piped. Tests pass string writers.
/// </summary>
/// <param name="IsInteractive">True on a terminal: progress is redrawn in place; otherwise it is printed as plain lines.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsInteractive)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
