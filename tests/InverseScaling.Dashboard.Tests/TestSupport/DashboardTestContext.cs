using InverseScaling.Engine;
using InverseScaling.Engine.Data;
using InverseScaling.Engine.Models;
using InverseScaling.Engine.Scoring;
using InverseScaling.Engine.Storage;
using InverseScaling.Engine.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InverseScaling.Dashboard.Tests.TestSupport;

/// <summary>
/// bUnit context with the dashboard's services over an in-memory store (MudBlazor's own test set-up: loose JS interop,
/// no popover provider check). Pages are rendered after navigating the fake NavigationManager to a DashboardUrls URL,
/// so every test also exercises the URL → view-state path.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    // bUnit waits 1 s by default; pages that import files or score do real I/O, which on a loaded 2-core CI machine
    // can take longer. A wait still fails when the element never comes; only a slow success is no longer a failure.
    static DashboardTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.PopoverOptions.CheckForPopoverProvider = false;
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        // The app's own registrations; only the store and the scorer are fakes, registered first so that the engine's
        // TryAdd registrations keep them.
        Services.AddSingleton<IResultsStore>(Store);
        Services.AddSingleton<IEvaluationService>(Evaluation);
        Services.AddLogging();
        Services.AddInverseScalingEngine(options => options.DataFolder = Path.GetTempPath());
        Services.AddDashboardServices();
    }

    internal InMemoryResultsStore Store { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only IAsyncDisposable; xunit 2 disposes synchronously unless asked like this.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    internal ScriptedEvaluationService Evaluation { get; } = new();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Navigates to <paramref name="url"/> and renders the page there.</summary>
    protected IRenderedComponent<TPage> RenderAt<TPage>(string url) where TPage : IComponent
    {
        Navigation.NavigateTo(url);
        return Render<TPage>();
    }

    /// <summary>The query value(s) of <paramref name="key"/> in the current URL.</summary>
    protected string[] QueryValues(string key)
    {
        var uri = new Uri(Navigation.Uri);
        return uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == key)
            .Select(p => Uri.UnescapeDataString(p[1]))
            .ToArray();
    }
}

/// <summary>An evaluation service that completes a run with given results, reporting progress per example.</summary>
internal sealed class ScriptedEvaluationService : IEvaluationService
{
    /// <summary>Completed gate: a run waits on it before finishing (lets a test observe or cancel a running job).</summary>
    public TaskCompletionSource Gate { get; set; } = CompletedGate();

    public int Calls { get; private set; }

    public async Task<RunRecord> RunAsync(TaskDataset task, ModelDescriptor model, ScoringSettings settings, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var id = $"{task.Name}/{model.Name}";
        progress?.Report(new RunProgress(id, task.Name, model.Name, 1, task.Examples.Count, 100, false, new AggregateMetrics { Count = 1, MeanLoss = 0.5 }));
        await Gate.Task.WaitAsync(cancellationToken);
        return new RunRecord
        {
            Id = id,
            TaskName = task.Name,
            ModelName = model.Name,
            Family = model.Manifest.Family,
            Source = RunSource.Local,
            Status = RunStatus.Complete,
            Total = task.Examples.Count,
            Completed = task.Examples.Count,
        };
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
