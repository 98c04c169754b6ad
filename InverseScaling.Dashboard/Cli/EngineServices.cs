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
internal sealed class EngineServices(Action<IConfigurationBuilder>? configure, CliLog log) : IAsyncDisposable
{
    private IHost? _host;

    public IServiceProvider Provider => (_host ??= Start()).Services;

    /// <summary>Builds the host and starts it, which runs the same first-start seeding of the bundled content as the web app.</summary>
    private IHost Start()
    {
        var host = Build();
        host.Start();
        return host;
    }

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        SettingsBesideBinaries.Add(builder.Configuration, builder.Environment.ContentRootPath);

        // The terminal belongs to the command's own output: warnings as one line each, errors to the log file only.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        // A failure to start (a database that cannot be used) reaches the user once, as a clean "error:" line from
        // UserErrors; the host's own "Hosting failed to start" log would print it before that with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        configure?.Invoke(builder.Configuration);
        builder.Services.AddInverseScalingEngine(builder.Configuration);
        builder.Services.AddHostedService<BundledContentSeeder>();
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await ((IAsyncDisposable)_host).DisposeAsync();
        }
    }
}
