using System.Diagnostics;

namespace InverseScaling.Tests.Support;

/// <summary>
/// The command line as a real child process (<c>dotnet InverseScaling.Dashboard.dll VERB …</c>), for what an in-process
/// run cannot show: a process killed with SIGKILL, or what the host writes to the process's own standard error. The
/// settings are environment variables, as a user would give them; the database is the caller's, so several processes
/// (or the caller itself) can share one.
/// </summary>
internal static class CliProcess
{
    /// <summary>The command line beside the caller's assembly: a project that starts it references the Dashboard project.</summary>
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "InverseScaling.Dashboard.dll");

    /// <summary>
    /// Starts the command line in <paramref name="workingDirectory"/> on <paramref name="database"/>; its output is read and
    /// dropped as it comes, so that a full pipe never blocks the child. The caller waits for it or kills it.
    /// </summary>
    public static Process Start(string workingDirectory, string database, bool seedBundledContent, params IEnumerable<string> args)
    {
        var process = Process.Start(StartInfo(workingDirectory, database, seedBundledContent, args))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs the command line to its end and returns its exit code and what it wrote to each stream.</summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, string database, bool seedBundledContent, params IEnumerable<string> args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, database, seedBundledContent, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, string database, bool seedBundledContent, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["InverseScaling__DatabasePath"] = database;
        start.Environment["InverseScaling__SeedBundledContent"] = seedBundledContent ? "true" : "false";
        // One scoring thread: the child shares the machine with its watcher (and, in the benchmark, with what it measures).
        start.Environment["InverseScaling__IntraOpThreads"] = "1";
        return start;
    }
}

/// <summary>What one run of the command line returned and wrote, in-process or as a process.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
