using InverseScaling.Dashboard.Model.Charts;
using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Pages;

/// <summary>
/// Base of the pages that show stored results (overview, scaling, discovery, the examples pages): the services they all
/// use, and how they follow changes. It subscribes to <see cref="DashboardChanges"/> for the changes
/// <see cref="Follows"/> accepts, reloads (throttled) and re-renders, and unsubscribes when disposed; a page states only
/// what it follows and how it reloads. (Components inside a page subscribe to <see cref="DashboardChanges"/> directly.)
/// </summary>
public abstract class ResultsPage : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject]
    public required DashboardChanges Changes { get; init; }

    [Inject]
    public required ResultsCatalog Catalog { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ChartPalette Palette { get; init; }

    /// <summary>Theme and presentation mode, cascaded by the layout; a change re-runs OnParametersSet.</summary>
    [CascadingParameter]
    public ChartStyle Style { get; set; } = ChartStyle.Default;

    /// <summary>Whether a change concerns this component; called on the notifying thread.</summary>
    protected abstract bool Follows(DashboardChange change);

    /// <summary>Reloads the component's models after a change it follows (on the renderer's context; a render follows).</summary>
    protected virtual void Reload()
    {
    }

    /// <summary>The asynchronous form of <see cref="Reload"/>, for a component that loads off the render thread.</summary>
    protected virtual Task ReloadAsync()
    {
        Reload();
        return Task.CompletedTask;
    }

    protected override void OnInitialized() =>
        _subscription = Changes.Subscribe(GetType().Name, Follows, () => InvokeAsync(async () =>
        {
            await ReloadAsync();
            StateHasChanged();
        }));

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
