namespace InverseScaling.Dashboard.Cli;

/// <summary>Process exit codes of the command line.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An input could not be used (bad task file, model folder, results file): the message names it.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself is wrong (unknown verb, missing or conflicting options).</summary>
    public const int UsageError = 2;

    /// <summary>A bug, not a problem with the input: one line names the log file that holds the stack trace.</summary>
    public const int InternalError = 3;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it); everything already scored is kept.</summary>
    public const int Cancelled = 130;
}
