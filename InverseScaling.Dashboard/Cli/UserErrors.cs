using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Storage;

namespace InverseScaling.Dashboard.Cli;

/// <summary>A problem with what the user asked for or gave us; reported as a message, never with a stack trace.</summary>
public sealed class CliUserException(string message, int exitCode = ExitCodes.InputError) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// Turns the exceptions that mean "this input cannot be used" into one <c>error:</c> line and an exit code. Anything
/// else is a bug: its stack trace goes to the log file and the user gets one line saying where, never the trace itself.
/// </summary>
internal static class UserErrors
{
    public static async Task<int> RunAsync(CliConsole console, CliLog log, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            console.Error.WriteLine("error: " + message);
            return e is CliUserException user ? user.ExitCode : ExitCodes.InputError;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var where = log.TryWrite("Unhandled error" + Environment.NewLine + e) ? $"the full trace is in {log.FilePath}" : "the log file could not be written";
            console.Error.WriteLine($"error: internal error ({e.GetType().Name}: {FirstLine(e.Message)}); {where}. Please report it.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The user-facing message for an input error, or null when the exception is a bug.</summary>
    public static string? Describe(Exception e) => e switch
    {
        CliUserException or DatasetFormatException or ModelFormatException or ImportException or ResultsStoreUnavailableException or RunInUseException => e.Message,
        FileNotFoundException { FileName: { } file } => $"{file}: file not found",

        // The file system's own messages name the path ("Access to the path '/x' is denied", "Is a directory : '/x'").
        IOException or UnauthorizedAccessException => e.Message,
        InvalidDataException or FormatException => e.Message,
        _ => null,
    };

    private static string FirstLine(string message) => message.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? message[..end] : message;
}
