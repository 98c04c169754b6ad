// Small browser services the C# side cannot do itself: file downloads of generated text, the clipboard, and
// per-browser preferences in local storage.

export function downloadText(fileName, text, mimeType) {
    const blob = new Blob([text], { type: mimeType || 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        // Clipboard access needs a secure context or permission; fall back to a hidden text area.
        const area = document.createElement('textarea');
        area.value = text;
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        return ok;
    }
}

// Preferences live in a cookie rather than local storage: the server reads it when it first renders a page, so a
// dark theme is dark from the first paint instead of flashing light until the circuit connects.
export function savePreference(key, value) {
    document.cookie = `inverse-scaling.${key}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}
