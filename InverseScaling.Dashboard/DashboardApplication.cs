using InverseScaling.Dashboard.Components;
using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using InverseScaling.Engine;
using MudBlazor.Services;

namespace InverseScaling.Dashboard;

/// <summary>Composition root of the web app; tests build it with their own settings and services.</summary>
public static class DashboardApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (DashboardStartException ex)
        {
            // A setting that cannot work (no access key off loopback) is one clear line, not a stack trace.
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }

        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args) => Build(args, configure: null);

    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls http://127.0.0.1:0</c>).</param>
    /// <param name="configure">Runs after the dashboard's services are added, so tests can override settings or swap services.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            WebRootPath = WebRootLocator.Find(),
        });
        SettingsBesideBinaries.Add(builder.Configuration, builder.Environment.ContentRootPath);

        // Package assets (MudBlazor's CSS/JS, plotly.js inside Plotly.Blazor) are served from the NuGet cache through the
        // static web assets manifest the build writes next to the binaries. ASP.NET Core only does that by itself in the
        // Development environment; the dashboard is normally run as Production (`dotnet run` from the repository root),
        // and its web root is wwwroot-assets/, so it is switched on explicitly.
        builder.WebHost.UseStaticWebAssets();
        var access = NetworkAccess.Configure(builder.Configuration);

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddInverseScalingEngine(builder.Configuration);
        builder.Services.AddDashboardServices();
        configure?.Invoke(builder);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // Every request, static files and the Blazor circuit included, passes the access check first.
        app.Use(access.InvokeAsync);

        // The dashboard's own files (js/, css/) come from the web root, wwwroot-assets/, ahead of routing; package assets
        // (_content/MudBlazor, _content/Plotly.Blazor) from the static web assets manifest.
        // An address no page or file answers is re-executed as /not-found (the app's own page, still with status 404).
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The dashboard's own services; the engine (store, evaluation service) is added by the engine's extension.</summary>
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddHostedService<BundledContentSeeder>();
        services.AddSingleton<ChartPalette>();
        services.AddSingleton<ResultsCatalog>();
        services.AddSingleton<DashboardChanges>();
        services.AddSingleton<ResultsImportService>();
        services.AddSingleton<TaskGenerationService>();
        services.AddSingleton<ModelFolderService>();
        services.AddSingleton<RunCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<RunCoordinator>());
        services.AddScoped<UiPreferences>();
        services.AddScoped<BrowserInterop>();
        services.AddScoped<ChartDeck>();
        services.AddScoped<RunManager>();
        return services;
    }
}
