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
/// Turns the exceptions that mean "this input cannot be used" into a message and an exit code. Anything else is a
/// bug: it is reported with its stack trace so it can be fixed.
/// </summary>
internal static class UserErrors
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> action)
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
    }

    /// <summary>The user-facing message for an input error, or null when the exception is a bug.</summary>
    public static string? Describe(Exception e) => e switch
    {
        CliUserException or DatasetFormatException or ModelFormatException or ImportException or ResultsStoreUnavailableException or RunInUseException => e.Message,
        FileNotFoundException { FileName: { } file } => $"{file}: file not found",
        DirectoryNotFoundException or FileNotFoundException or UnauthorizedAccessException => e.Message,
        InvalidDataException or FormatException => e.Message,
        _ => null,
    };
}
