// @ts-check
/**
 * A tiny element builder. Text always goes in as text nodes (never innerHTML),
 * so titles, rationales and notes from other users cannot inject markup.
 */

/**
 * A child: a node, text, nothing (skipped), or a list of children (nested at any depth).
 * @typedef {Node | string | number | null | undefined | false | Children} Child
 * @typedef {readonly Child[]} Children
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * Builds an element: `h('a', { href: '#/x', class: 'link' }, 'Text')`.
 * `on<event>` attributes that are functions become listeners (addEventListener,
 * so nothing inline for the CSP); `class`, `style` strings, booleans
 * (`disabled: true`) and `dataset` objects are set as expected; null,
 * undefined and false are skipped.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else if (k === 'dataset' && typeof v === 'object') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (/** @type {unknown} */ (el)).value = String(v);
    } else if (k === 'checked' && 'checked' in el) {
      /** @type {HTMLInputElement} */ (/** @type {unknown} */ (el)).checked = Boolean(v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (nested arrays flattened; null, undefined and false skipped).
 * @param {Element | DocumentFragment} el
 * @param {Children} children
 */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(typeof c === 'number' ? String(c) : /** @type {Node | string} */ (c));
  }
}

/** Replaces every child of `el`. */
export function replace(/** @type {Element} */ el, /** @type {Child[]} */ ...children) {
  el.replaceChildren();
  append(el, children);
}

/**
 * A table: headers (a string, or [text, className]) and rows of cells.
 * @param {(string | [string, string])[]} headers
 * @param {Child[][]} rows
 * A header left empty on screen ("") is named for screen readers by `cornerLabel` ("Actions").
 * @param {{ class?: string, rowClass?: (i: number) => string | undefined, cornerLabel?: string }} [opts]
 */
export function table(headers, rows, opts = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: opts.class ?? 'data' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((x) => {
            const [text, cls] = Array.isArray(x) ? x : [x, undefined];
            return h('th', { class: cls, scope: 'col' }, text || srOnly(opts.cornerLabel ?? 'Actions'));
          }),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((cells, i) =>
          h(
            'tr',
            { class: opts.rowClass?.(i) },
            cells.map((c, j) => {
              const head = headers[j];
              const text = Array.isArray(head) ? head[0] : head;
              // data-label: on a phone each row stacks into "label: value" lines (styles/layout.css).
              return h('td', { class: Array.isArray(head) ? head[1] : undefined, 'data-label': text || null }, c);
            }),
          ),
        ),
      ),
    ),
  );
}

/** An empty state: a short headline and an optional hint. */
export function empty(/** @type {string} */ title, /** @type {Child} */ hint = null) {
  return h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty-title' }, title),
    hint ? h('p', { class: 'empty-hint' }, hint) : null,
  );
}

/** A "Loading…" placeholder. */
export function loading() {
  return h('div', { class: 'loading', role: 'status' }, 'Loading…');
}

/** A status pill: open, closing soon, closed, resolved, annulled, upcoming. */
export function statusBadge(/** @type {string} */ status, /** @type {string} */ text = status) {
  return h('span', { class: `badge badge-${status.replace(/\s+/g, '-')}` }, text);
}

/** A fresh id for linking a label, hint or message to its control. */
export function uid(/** @type {string} */ prefix = 'f') {
  return `${prefix}-${Math.random().toString(36).slice(2, 9)}`;
}

/**
 * A field: label, control, optional hint, and a slot for its error message
 * (forms.js fills it). The control is described by the hint and the message
 * (aria-describedby), so a screen reader reads both when it gets focus.
 */
export function field(
  /** @type {string} */ label,
  /** @type {HTMLElement} */ control,
  /** @type {Child} */ hint = null,
) {
  const id = control.id || uid();
  control.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  describeBy(control, hintEl ? [hintEl.id, error.id] : [error.id]);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl, error);
}

/** Adds ids to a control's aria-describedby (keeping those it has). */
export function describeBy(/** @type {Element} */ control, /** @type {string[]} */ ids) {
  const have = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  control.setAttribute('aria-describedby', [...new Set([...have, ...ids])].join(' '));
}

/** Text for screen readers only (a table's empty corner header, an icon's meaning). */
export function srOnly(/** @type {string} */ text) {
  return h('span', { class: 'visually-hidden' }, text);
}
