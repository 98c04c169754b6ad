using InverseScaling.Dashboard.Model.Charts;
using Microsoft.AspNetCore.Http;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Per-browser display preferences (theme, presentation mode): not view state, so they live in a cookie rather than
/// in the URL, and every chart reads them through <see cref="ChartStyle"/>. The cookie (written by js/browser.js) is
/// read when the page is first rendered, so the first paint already has the right theme.
/// </summary>
public sealed class UiPreferences
{
    public const string DarkKey = "dark";

    public const string PresentationKey = "presentation";

    /// <summary>The cookie that holds one preference ("1" = on).</summary>
    public static string CookieName(string key) => "inverse-scaling." + key;

    /// <summary>Whether the preference is on in the request's cookies.</summary>
    public static bool IsOn(IRequestCookieCollection? cookies, string key) => cookies?[CookieName(key)] == "1";

    public bool Dark { get; private set; }

    public bool Presentation { get; private set; }

    public ChartStyle ChartStyle => new(Dark, Presentation);

    /// <summary>How charts are exported; one choice for every chart of the session. Changes nothing on screen, so no <see cref="Changed"/>.</summary>
    public ChartExport Export { get; set; } = ChartExport.Default;

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
