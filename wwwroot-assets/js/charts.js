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

// "Export report": the server's HTML with each chart drawn as inline SVG where it marked <!--chart:i-->, downloaded as
// one file that needs nothing else (no script, no network) to open.
export async function downloadReport(html, figures, fileName) {
    let report = html;
    for (let i = 0; i < figures.length; i++) {
        const figure = JSON.parse(figures[i]);
        const url = await window.Plotly.toImage({ data: figure.data, layout: figure.layout }, { format: 'svg', width: 960, height: 540 });
        const svg = decodeURIComponent(url.substring(url.indexOf(',') + 1));
        report = report.replace(`<!--chart:${i}-->`, svg);
    }
    const blob = new Blob([report], { type: 'text/html;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// Presentation mode: one chart at a time, full screen, with its one-line title; the server sends every chart of the page
// already styled for the room (opaque background, 20 px ticks, 4.5 px lines).
let deck = null;

export async function present(slides, start, background, foreground) {
    close();
    const overlay = document.createElement('div');
    overlay.className = 'presenter';
    overlay.dataset.testid = 'presenter';
    overlay.style.background = background;
    overlay.style.color = foreground;
    overlay.tabIndex = -1;
    const title = document.createElement('div');
    title.className = 'presenter-title';
    title.dataset.testid = 'presenter-title';
    const chart = document.createElement('div');
    chart.className = 'presenter-chart';
    chart.id = chart.dataset.testid = 'presenter-chart';
    const position = document.createElement('div');
    position.className = 'presenter-position';
    position.dataset.testid = 'presenter-position';
    overlay.append(title, chart, position);
    document.body.appendChild(overlay);

    const onKey = event => {
        if (event.key === 'ArrowRight' || event.key === 'ArrowDown' || event.key === 'PageDown' || event.key === ' ') {
            show(deck.index + 1);
        } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp' || event.key === 'PageUp') {
            show(deck.index - 1);
        } else if (event.key === 'Escape') {
            close();
        } else {
            return;
        }
        event.preventDefault();
    };
    // Esc in real full screen is taken by the browser itself, which leaves full screen: leave the presenter with it.
    const onFullscreenChange = () => {
        if (!document.fullscreenElement) {
            close();
        }
    };
    deck = { overlay, title, chart, position, slides, index: 0, onKey, onFullscreenChange };
    document.addEventListener('keydown', onKey);
    show(start);
    overlay.focus();
    try {
        await overlay.requestFullscreen();
        document.addEventListener('fullscreenchange', onFullscreenChange);
    } catch {
        // Full screen refused (no user gesture left, or an embedded view): the overlay still fills the window.
    }
}

function show(index) {
    if (!deck) {
        return;
    }
    deck.index = Math.min(Math.max(index, 0), deck.slides.length - 1);
    const slide = deck.slides[deck.index];
    const figure = JSON.parse(slide.figure);
    deck.title.textContent = slide.title;
    deck.position.textContent = deck.slides.length > 1 ? `${deck.index + 1} / ${deck.slides.length}` : '';
    deck.overlay.dataset.index = String(deck.index);
    deck.overlay.dataset.chart = slide.id;
    // The chart fills the screen: the server's fixed height (if any) gives way to the presenter's box, and the one-line
    // title above replaces the figure's own.
    const margin = { ...(figure.layout.margin ?? {}), t: 24 };
    const layout = { ...figure.layout, title: undefined, margin, height: undefined, autosize: true };
    window.Plotly.react(deck.chart, figure.data, layout, { responsive: true, displayModeBar: false, displaylogo: false });
}

function close() {
    if (!deck) {
        return;
    }
    const current = deck;
    deck = null;
    document.removeEventListener('keydown', current.onKey);
    document.removeEventListener('fullscreenchange', current.onFullscreenChange);
    if (document.fullscreenElement) {
        document.exitFullscreen().catch(() => {});
    }
    window.Plotly.purge(current.chart);
    current.overlay.remove();
}

export function purge(id) {
    const element = document.getElementById(id);
    if (element && window.Plotly) {
        window.Plotly.purge(element);
    }
}
