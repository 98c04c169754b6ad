using InverseScaling.Dashboard.Model.Charts;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Per-browser display preferences (theme, presentation mode): not view state, so they live in the browser's local
/// storage rather than in the URL, and every chart reads them through <see cref="ChartStyle"/>.
/// </summary>
public sealed class UiPreferences
{
    public bool Dark { get; private set; }

    public bool Presentation { get; private set; }

    public ChartStyle ChartStyle => new(Dark, Presentation);

    public event Action? Changed;

    public void Set(bool dark, bool presentation)
    {
        if (dark == Dark && presentation == Presentation)
        {
            return;
        }

        (Dark, Presentation) = (dark, presentation);
        Changed?.Invoke();
    }
}
