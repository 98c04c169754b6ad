using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Runs;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine;

/// <summary>Registers the Engine's services for the dashboard and the command line.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Engine with <see cref="EngineOptions"/> bound from the "InverseScaling" section of
    /// <paramref name="configuration"/> and validated when the host starts.
    /// </summary>
    public static IServiceCollection AddInverseScalingEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddInverseScalingEngine(options => options.Bind(configuration.GetSection(EngineOptions.SectionName)));
    }

    /// <summary>Adds the Engine with <see cref="EngineOptions"/> set in code (tests, tools), validated when the host starts.</summary>
    public static IServiceCollection AddInverseScalingEngine(this IServiceCollection services, Action<EngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddInverseScalingEngine(options => options.Configure(configure));
    }

    private static IServiceCollection AddInverseScalingEngine(this IServiceCollection services, Action<OptionsBuilder<EngineOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineOptions>();
        configure(options);
        // A wrong setting (no database path, thread count out of range) stops the app at start-up with its name,
        // not at the first page that needs the store.
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, MetadataColumnsValidator>());

        // One store per process: its operations take turns on one lock and its caches are shared (see LiteDbResultsStore).
        services.TryAddSingleton<LiteDbResultsStore>();
        services.TryAddSingleton<IResultsStore>(sp => sp.GetRequiredService<LiteDbResultsStore>());
        services.TryAddSingleton<IEvaluationService, EvaluationService>();
        services.TryAddSingleton<ResultsImporter>();
        services.TryAddSingleton<FolderImporter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IModelScorerFactory>(sp => new ReusingScorerFactory(
            new OnnxModelScorerFactory(sp.GetRequiredService<IOptions<EngineOptions>>()), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Checks the data annotations on <see cref="EngineOptions"/> (generated at compile time, no reflection).</summary>
[OptionsValidator]
internal sealed partial class EngineOptionsValidator : IValidateOptions<EngineOptions>;

/// <summary>
/// Checks the user's regex metadata columns at start-up, so a pattern without a capture group is reported with its
/// configuration key instead of failing later on the examples page.
/// </summary>
internal sealed class MetadataColumnsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var errors = RegexColumnOptions.Validate(options.MetadataColumns);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
