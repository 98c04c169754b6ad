using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using InverseScaling.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace InverseScaling.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real dashboard, started in-process through its composition root on 127.0.0.1 with a free port and a
/// LiteDB file of its own in a temporary folder, so every server starts from a clean database.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string dataFolder, Uri baseAddress)
    {
        _app = app;
        DataFolder = dataFolder;
        BaseAddress = baseAddress;
    }

    /// <summary>The temporary folder holding the database; deleted on dispose.</summary>
    public string DataFolder { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataFolder = Directory.CreateTempSubdirectory("inverse-scaling-e2e-").FullName;
        var configuration = new Dictionary<string, string>
        {
            // The host is the test runner; the app's name locates its static web assets manifest.
            ["applicationName"] = typeof(DashboardApplication).Assembly.GetName().Name!,
            ["urls"] = "http://127.0.0.1:0",
            ["InverseScaling:DatabasePath"] = Path.Combine(dataFolder, "results.litedb"),
            ["InverseScaling:DataFolder"] = dataFolder,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            configuration[key] = value;
        }

        // Command-line style settings go through the same configuration pipeline as a user's --urls.
        var app = DashboardApplication.Build([.. configuration.Select(kv => $"--{kv.Key}={kv.Value}")]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new DashboardServer(app, dataFolder, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment on a slow machine; the OS temp cleaner takes it later.
        }
    }
}
