// A page arrives prerendered and becomes interactive only when its Blazor circuit has connected and rendered (about
// half a second later; the layout then sets data-interactive="true"). A click on a button before that reaches an
// element with no handler yet and would be lost. Such clicks are held here and replayed, in order, on the same control
// of the interactive page. Plain links are left alone: they navigate without the circuit.
(() => {
    const pending = [];
    const isInteractive = () => document.querySelector('[data-interactive="true"]') !== null;

    // A control is found again by its nearest ancestor with a test id or id (the n-th such on the page), then by the
    // child positions below it: the interactive render replaces the prerendered elements with ones of the same shape.
    function describe(target) {
        const anchor = target.closest('[data-testid], [id]') ?? document.body;
        const selector = anchor === document.body ? 'body'
            : anchor.hasAttribute('data-testid') ? `[data-testid="${CSS.escape(anchor.getAttribute('data-testid'))}"]`
            : `#${CSS.escape(anchor.id)}`;
        const path = [];
        for (let e = target; e !== anchor; e = e.parentElement) {
            path.unshift(Array.prototype.indexOf.call(e.parentElement.children, e));
        }
        return { selector, nth: Array.prototype.indexOf.call(document.querySelectorAll(selector), anchor), path };
    }

    function find({ selector, nth, path }) {
        const anchor = document.querySelectorAll(selector)[nth];
        return path.reduce((e, i) => e?.children[i], anchor);
    }

    document.addEventListener('click', event => {
        if (isInteractive() || !event.isTrusted || event.target.closest('a[href]')) {
            return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        pending.push(describe(event.target));
        document.documentElement.classList.add('awaiting-circuit');
    }, true);

    const observer = new MutationObserver(() => {
        if (!isInteractive()) {
            return;
        }
        observer.disconnect();
        document.documentElement.classList.remove('awaiting-circuit');
        for (const click of pending.splice(0)) {
            find(click)?.click();
        }
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-interactive'] });
})();
