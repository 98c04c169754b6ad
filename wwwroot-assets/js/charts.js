// Thin interop over plotly.js (loaded from Plotly.Blazor's static web assets, see App.razor): the C# side builds the
// whole figure; this module only draws it, reports clicks, and exports images.

const config = {
    responsive: true,
    displaylogo: false,
    // Export has its own buttons (PNG and SVG at slide size, copy as image, CSV); the mode bar keeps zoom/pan/reset only.
    modeBarButtonsToRemove: ['toImage', 'select2d', 'lasso2d', 'sendDataToCloud'],
};

// withModeBar: false for thumbnails (the overview's mini charts), which are links rather than figures to zoom; on
// devices without hover plotly would otherwise show every thumbnail's mode bar all the time, over the curve.
export function render(id, figureJson, dotNetRef, withModeBar = true) {
    const element = document.getElementById(id);
    if (!element || !window.Plotly) {
        return false;
    }
    const figure = JSON.parse(figureJson);
    window.Plotly.react(element, figure.data, figure.layout, withModeBar ? config : { ...config, displayModeBar: false });
    if (dotNetRef && !element.dataset.clickBound) {
        element.dataset.clickBound = 'true';
        element.on('plotly_click', event => {
            const point = event.points && event.points[0];
            if (point && point.customdata !== undefined && point.customdata !== null) {
                dotNetRef.invokeMethodAsync('OnPointClickFromJs', String(point.customdata));
            }
        });
    }
    // For end-to-end tests and scripts: the number of points drawn, readable from the DOM.
    element.dataset.points = String(figure.data.reduce((n, trace) => n + (trace.y ? trace.y.length : 0), 0));
    element.dataset.rendered = 'true';
    return true;
}

// Exports draw the figure the server built for them (its own colours, background and font sizes) off screen, at the
// preset's layout size or, without one, the chart's size on screen.
function toImage(id, figureJson, format, width, height, scale) {
    const element = document.getElementById(id);
    if (!element || !window.Plotly) {
        return Promise.resolve(null);
    }
    const figure = JSON.parse(figureJson);
    return window.Plotly.toImage({ data: figure.data, layout: figure.layout }, {
        format: format,
        width: width ?? element.clientWidth,
        height: height ?? element.clientHeight,
        scale: scale,
    });
}

export async function downloadImage(id, figureJson, format, fileName, width, height, scale) {
    const url = await toImage(id, figureJson, format, width, height, scale);
    if (!url) {
        return;
    }
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.${format}`;
    document.body.appendChild(link);
    link.click();
    link.remove();
}

// For pasting into slides. Needs a secure context (localhost is one) and the clipboard permission; false when refused.
export async function copyImage(id, figureJson, width, height, scale) {
    try {
        const url = await toImage(id, figureJson, 'png', width, height, scale);
        if (!url || !navigator.clipboard || !window.ClipboardItem) {
            return false;
        }
        const blob = await (await fetch(url)).blob();
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
        return true;
    } catch {
        return false;
    }
}

export function purge(id) {
    const element = document.getElementById(id);
    if (element && window.Plotly) {
        window.Plotly.purge(element);
    }
}
