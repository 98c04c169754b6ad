using InverseScaling.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InverseScaling.Dashboard.Cli;

/// <summary>
/// The engine's services for the command line, composed exactly as for the web app: the same host defaults
/// (appsettings.json from the content root, environment variables) and the engine's own registration. Built on
/// first use and disposed with the command, which closes the database.
/// </summary>
internal sealed class EngineServices(Action<IConfigurationBuilder>? configure) : IAsyncDisposable
{
    private IHost? _host;

    public IServiceProvider Provider => (_host ??= Build()).Services;

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });

        // The terminal belongs to the command's own output: only warnings and errors are logged, to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);

        configure?.Invoke(builder.Configuration);
        builder.Services.AddInverseScalingEngine(builder.Configuration);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable host)
        {
            await host.DisposeAsync();
        }
    }
}
