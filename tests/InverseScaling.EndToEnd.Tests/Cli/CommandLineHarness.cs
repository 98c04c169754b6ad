using InverseScaling.Dashboard.Cli;
using Microsoft.Extensions.Configuration;

namespace InverseScaling.EndToEnd.Tests.Cli;

/// <summary>
/// Runs the real command line in-process, as <c>Program</c> does, against a database in a temporary folder of its
/// own (no bundled content seeded unless asked, so each test sees only what it did).
/// </summary>
internal sealed class CommandLineHarness : IDisposable
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="databasePath">Another process's database (a running dashboard's) instead of one of its own.</param>
    public CommandLineHarness(bool seedBundledContent = false, string? databasePath = null)
    {
        Folder = Directory.CreateTempSubdirectory("inverse-scaling-cli-").FullName;
        _settings = new()
        {
            ["InverseScaling:DatabasePath"] = databasePath ?? Path.Combine(Folder, "results.litedb"),
            ["InverseScaling:DataFolder"] = Folder,
            ["InverseScaling:SeedBundledContent"] = seedBundledContent ? "true" : "false",
            ["InverseScaling:IntraOpThreads"] = "1",
        };
    }

    /// <summary>The temporary folder: database, and room for the test's input and output files.</summary>
    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CommandLineApp.RunAsync(
            args,
            new CliConsole(output, error, IsInteractive: false),
            configuration => configuration.AddInMemoryCollection(_settings),
            cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; never fail a test over cleanup.
        }
    }
}
