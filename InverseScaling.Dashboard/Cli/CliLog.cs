using Microsoft.Extensions.Logging;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// The command line's log. A warning reaches the error stream as one <c>warning:</c> line; every entry, with its stack
/// trace, goes to a log file (created on first use). Errors are not printed: the verb reports each failure itself as
/// one <c>error:</c> line, naming the input at fault or, for a bug, this file, so a user never sees a stack trace.
/// </summary>
internal sealed class CliLog(TextWriter console) : ILoggerProvider
{
    private readonly Lock _lock = new();

    /// <summary>Where entries go: one file per command, in the temporary folder so that any working directory will do.</summary>
    public string FilePath { get; } = Path.Combine(
        Path.GetTempPath(), "inverse-scaling", $"cli-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Path.GetRandomFileName()[..8]}.log");

    /// <summary>Appends <paramref name="text"/> to the log file; false when it cannot be written.</summary>
    public bool TryWrite(string text)
    {
        try
        {
            lock (_lock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                File.AppendAllText(FilePath, $"{DateTime.UtcNow:O} {text}{Environment.NewLine}");
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void WarnOnConsole(string message) => console.WriteLine("warning: " + message);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CliLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // Information is the engine's running commentary; the command prints its own results.
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            log.TryWrite($"{logLevel} {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}");
            if (logLevel == LogLevel.Warning)
            {
                log.WarnOnConsole(message);
            }
        }
    }
}
