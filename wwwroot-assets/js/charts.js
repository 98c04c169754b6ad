// Thin interop over plotly.js (loaded from Plotly.Blazor's static web assets, see App.razor): the C# side builds the
// whole figure; this module only draws it, reports clicks, and exports images.

const config = {
    responsive: true,
    displaylogo: false,
    // Export has its own buttons (PNG at slide scale, SVG, CSV); the mode bar keeps zoom/pan/reset only.
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

export function downloadImage(id, format, fileName, scale) {
    const element = document.getElementById(id);
    if (!element || !window.Plotly) {
        return Promise.resolve();
    }
    return window.Plotly.downloadImage(element, {
        format: format,
        filename: fileName,
        width: element.clientWidth,
        height: element.clientHeight,
        scale: scale,
    });
}

export function purge(id) {
    const element = document.getElementById(id);
    if (element && window.Plotly) {
        window.Plotly.purge(element);
    }
}
