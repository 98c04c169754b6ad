using Microsoft.Extensions.DependencyInjection;

namespace InverseScaling.Dashboard.Cli;

/// <summary>What every verb needs: the console, and the engine's services (built on first use, so <c>--help</c> and
/// <c>generate</c> never open the database).</summary>
internal sealed class CliContext(CliConsole console, EngineServices services, CliLog log)
{
    public CliConsole Console { get; } = console;

    public T GetRequiredService<T>()
        where T : notnull => services.Provider.GetRequiredService<T>();

    /// <summary>Runs a verb's body, reporting input errors as one message and an exit code (see <see cref="UserErrors"/>).</summary>
    public Task<int> RunAsync(Func<Task<int>> action) => UserErrors.RunAsync(Console, log, action);

    public Task<int> Run(Func<int> action) => UserErrors.RunAsync(Console, log, () => Task.FromResult(action()));
}
