using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// The command line: one verb per file in this folder, all sharing the engine services (and appsettings.json) of the
/// web app. Verbs report bad input as one message naming the file and line, and exit with <see cref="ExitCodes"/>.
/// </summary>
public static class CommandLineApp
{
    private static readonly HashSet<string> HelpAndVersion = ["--help", "-h", "-?", "/?", "--version"];

    /// <summary>
    /// True when the arguments ask for a verb (or help) rather than the web app: the web app takes only host options
    /// such as <c>--urls</c>, which all start with a dash.
    /// </summary>
    public static bool IsCommandLine(IReadOnlyList<string> args) =>
        args.Count > 0 && (!args[0].StartsWith('-') || HelpAndVersion.Contains(args[0]));

    /// <param name="args">The process arguments.</param>
    /// <param name="console">Where output, errors and progress go.</param>
    /// <param name="configure">Extra configuration applied after appsettings.json (tests point it at a temporary database).</param>
    /// <param name="cancellationToken">Cancels the command like Ctrl+C does.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        CliConsole console,
        Action<IConfigurationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var log = new CliLog(console.Error);
        await using var services = new EngineServices(configure, log);
        var context = new CliContext(console, services, log);
        var root = new RootCommand("InverseScaling: score language models on Inverse Scaling Prize tasks and study how loss changes with scale.")
        {
            ScoreCommand.Create(context),
            ModelsCommand.Create(context),
            TasksCommand.Create(context),
            RunsCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            RankCommand.Create(context),
            GenerateCommand.Create(context),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine("error: " + error.Message);
            }

            console.Error.WriteLine($"Run '{root.Name} {string.Join(' ', CommandPath(parseResult))} --help' for usage.".Replace("  ", " "));
            return ExitCodes.UsageError;
        }

        return await parseResult.InvokeAsync(
            new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                // Ctrl+C cancels the token; the batch in flight is dropped and everything written stays. Give the
                // engine time to stop cleanly before the process is torn down.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            },
            cancellationToken);
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Parent is not null; result = (System.CommandLine.Parsing.CommandResult)result.Parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
