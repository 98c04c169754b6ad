using InverseScaling.Engine.Data;
using InverseScaling.Engine.Import;
using InverseScaling.Engine.Runs;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InverseScaling.Engine.Tests.Runs;

public sealed class EngineServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static ServiceProvider Build(Action<IServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        add(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Binds_the_InverseScaling_section_and_registers_one_store_for_everything()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["InverseScaling:DatabasePath"] = _db.Path,
                ["InverseScaling:DataFolder"] = "/data/here",
                ["InverseScaling:IntraOpThreads"] = "3",
            })
            .Build();
        using var provider = Build(s => s.AddInverseScalingEngine(configuration));

        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<EngineOptions>>().Value;
        Assert.Equal((_db.Path, "/data/here", 3), (options.DatabasePath, options.DataFolder, options.IntraOpThreads));
        var store = provider.GetRequiredService<IResultsStore>();
        Assert.Same(provider.GetRequiredService<LiteDbResultsStore>(), store);
        Assert.True(File.Exists(_db.Path));
        Assert.IsType<EvaluationService>(provider.GetRequiredService<IEvaluationService>());
        Assert.NotNull(provider.GetRequiredService<ResultsImporter>());
        Assert.IsType<ReusingScorerFactory>(provider.GetRequiredService<IModelScorerFactory>());
    }

    [Fact]
    public void Invalid_options_stop_the_start_up_with_the_setting_named()
    {
        using var provider = Build(s => s.AddInverseScalingEngine(o =>
        {
            o.DatabasePath = "";
            o.IntraOpThreads = 0;
        }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains(nameof(EngineOptions.DatabasePath), StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains(nameof(EngineOptions.IntraOpThreads), StringComparison.Ordinal));
    }

    [Fact]
    public void A_regex_column_without_a_capture_group_stops_the_start_up_with_its_name()
    {
        using var provider = Build(s => s.AddInverseScalingEngine(o =>
            o.MetadataColumns.Add(new RegexColumnOptions { Name = "digits", Pattern = @"\d+" })));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains("\"digits\"", StringComparison.Ordinal) && f.Contains("capture group", StringComparison.Ordinal));
    }
}
