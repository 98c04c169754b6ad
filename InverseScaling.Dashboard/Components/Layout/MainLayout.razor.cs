using InverseScaling.Dashboard.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace InverseScaling.Dashboard.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private const string DarkKey = "dark";
    private const string PresentationKey = "presentation";

    private static readonly MudTheme _theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3B6A9A",
            Secondary = "#E0772A",
            AppbarBackground = "#22384F",
            Background = "#F6F7F9",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7FA8D6",
            Secondary = "#F2A15B",
            AppbarBackground = "#161B22",
            Background = "#0F1318",
            Surface = "#181D24",
            DrawerBackground = "#14181E",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    private bool _drawerOpen = true;

    [Inject]
    public required UiPreferences Preferences { get; init; }

    [Inject]
    public required BrowserInterop Browser { get; init; }

    protected override void OnInitialized() => Preferences.Changed += OnPreferencesChanged;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Preferences live in the browser, so they can only be read once the circuit is connected.
            var dark = await Browser.LoadPreferenceAsync(DarkKey) == "1";
            var presentation = await Browser.LoadPreferenceAsync(PresentationKey) == "1";
            Preferences.Set(dark, presentation);
        }
    }

    private async Task ToggleThemeAsync()
    {
        Preferences.Set(!Preferences.Dark, Preferences.Presentation);
        await Browser.SavePreferenceAsync(DarkKey, Preferences.Dark ? "1" : "0");
    }

    private async Task SetPresentationAsync(bool on)
    {
        Preferences.Set(Preferences.Dark, on);
        await Browser.SavePreferenceAsync(PresentationKey, on ? "1" : "0");
    }

    private void OnPreferencesChanged() => InvokeAsync(StateHasChanged);

    public void Dispose() => Preferences.Changed -= OnPreferencesChanged;
}
