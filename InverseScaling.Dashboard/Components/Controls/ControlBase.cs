using Microsoft.AspNetCore.Components;

namespace InverseScaling.Dashboard.Components.Controls;

/// <summary>
/// Base of the dashboard's own controls: like a MudBlazor component, a control takes <see cref="Class"/>,
/// <see cref="Style"/> and any other attribute, and puts them on its root element, so a page places and styles it
/// without wrapping it.
/// </summary>
public abstract class ControlBase : ComponentBase
{
    /// <summary>CSS classes added to the root element's own.</summary>
    [Parameter]
    public string? Class { get; set; }

    /// <summary>Inline style added to the root element's own.</summary>
    [Parameter]
    public string? Style { get; set; }

    /// <summary>Every other attribute (data-testid, aria-*, id …), put on the root element.</summary>
    [Parameter(CaptureUnmatchedValues = true)]
    public Dictionary<string, object?> UserAttributes { get; set; } = [];

    /// <summary>The root element's classes: its own, then <see cref="Class"/>; null (no attribute) when there are none.</summary>
    protected string? RootClass(string own = "") => Join(' ', own, Class);

    /// <summary>The root element's style: its own, then <see cref="Style"/>; null (no attribute) when there is none.</summary>
    protected string? RootStyle(string own = "") => Join(';', own.TrimEnd(';'), Style);

    private static string? Join(char separator, string own, string? added) =>
        string.IsNullOrWhiteSpace(added) ? (own.Length == 0 ? null : own) : own.Length == 0 ? added : own + separator + added;
}
