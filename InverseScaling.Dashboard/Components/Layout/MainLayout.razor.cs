using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace InverseScaling.Dashboard.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private static readonly MudTheme _theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3B6A9A",
            Secondary = "#E0772A",
            AppbarBackground = "#22384F",
            Background = "#F6F7F9",
            DrawerBackground = "#FFFFFF",
            // WCAG AA (4.5:1) on the page background for secondary text, and for the text of alerts and filled chips.
            TextSecondary = "#5F6368",
            Success = "#2E7D32",
            Warning = "#8A5A00",
            Info = "#1565C0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7FA8D6",
            Secondary = "#F2A15B",
            AppbarBackground = "#161B22",
            Background = "#0F1318",
            Surface = "#181D24",
            DrawerBackground = "#14181E",
            // Light accents on the dark surface carry dark text: white on them would fall below 4.5:1.
            PrimaryContrastText = "#0F1318",
            TextSecondary = "#B0B3B8",
            Success = "#66BB6A",
            SuccessContrastText = "#0F1318",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    private bool _drawerOpen = true;

    // Set after the first interactive render: until then the page is the static prerender, and input typed into it
    // is lost when the circuit takes over. End-to-end tests wait for data-interactive before they type.
    private bool _interactive;

    [Inject]
    public required UiPreferences Preferences { get; init; }

    // theme-dark lets app.css pick text colours with AA contrast on the dark surface (MudBlazor's palette covers only its own components).
    private string LayoutClass => string.Join(' ', new[] { Preferences.Presentation ? "presentation" : null, Preferences.Dark ? "theme-dark" : null }.OfType<string>());

    [Inject]
    public required BrowserInterop Browser { get; init; }

    protected override void OnInitialized() => Preferences.Changed += OnPreferencesChanged;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    // The cookie is written before the page changes: once the new theme shows, a reload (or a link opened at once) is
    // rendered in it too. The other order raced under load: the page turned dark while the next request still read light.
    private async Task ToggleThemeAsync()
    {
        var dark = !Preferences.Dark;
        await Browser.SavePreferenceAsync(UiPreferences.DarkKey, dark ? "1" : "0");
        Preferences.Set(dark, Preferences.Presentation);
    }

    private async Task SetPresentationAsync(bool on)
    {
        await Browser.SavePreferenceAsync(UiPreferences.PresentationKey, on ? "1" : "0");
        Preferences.Set(Preferences.Dark, on);
    }

    private void OnPreferencesChanged() => InvokeAsync(StateHasChanged);

    public void Dispose() => Preferences.Changed -= OnPreferencesChanged;
}
