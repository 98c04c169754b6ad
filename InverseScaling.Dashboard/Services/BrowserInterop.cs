using Microsoft.JSInterop;

namespace InverseScaling.Dashboard.Services;

/// <summary>The browser-side helpers in <c>js/browser.js</c> (downloads, clipboard, local storage), loaded once per circuit.</summary>
public sealed class BrowserInterop(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? _module;

    private Task<IJSObjectReference> Module => _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/browser.js").AsTask();

    public async Task DownloadTextAsync(string fileName, string text, string mimeType = "text/csv;charset=utf-8") =>
        await (await Module).InvokeVoidAsync("downloadText", fileName, text, mimeType);

    public async Task<bool> CopyTextAsync(string text) => await (await Module).InvokeAsync<bool>("copyText", text);

    public async Task<string?> LoadPreferenceAsync(string key) => await (await Module).InvokeAsync<string?>("loadPreference", key);

    public async Task SavePreferenceAsync(string key, string value) => await (await Module).InvokeVoidAsync("savePreference", key, value);

    public async ValueTask DisposeAsync()
    {
        if (_module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await _module.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
