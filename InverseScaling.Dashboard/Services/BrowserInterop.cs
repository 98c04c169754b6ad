using Microsoft.JSInterop;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// The browser-side helpers in <c>js/browser.js</c> (downloads, clipboard, the preference cookie), loaded once per circuit.
/// Not disposable on purpose: the module reference lives exactly as long as the circuit, and ends with it.
/// </summary>
public sealed class BrowserInterop(IJSRuntime js)
{
    private Task<IJSObjectReference>? _module;

    private Task<IJSObjectReference> Module => _module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/browser.js").AsTask();

    public async Task DownloadTextAsync(string fileName, string text, string mimeType = "text/csv;charset=utf-8") =>
        await (await Module).InvokeVoidAsync("downloadText", fileName, text, mimeType);

    public async Task<bool> CopyTextAsync(string text) => await (await Module).InvokeAsync<bool>("copyText", text);

    public async Task SavePreferenceAsync(string key, string value) => await (await Module).InvokeVoidAsync("savePreference", key, value);
}
