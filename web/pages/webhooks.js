// @ts-check
/** Admin: the webhooks (add, delete) and each one's deliveries with status and last error. Only admins reach it. */
import { api } from '../api.js';
import { empty, field, h, replace, statusBadge, table } from '../dom.js';
import { dateTime } from '../format.js';
import { showProblems, submitting, val } from '../forms.js';

/** @typedef {import('../notifications').Webhook} Webhook */
/** @typedef {import('../notifications').Delivery} Delivery */

const EVENTS = ['question.created', 'question.closed', 'question.resolved', 'question.clarified', 'suggestion.created'];

const DELIVERY_BADGE = /** @type {Record<string, string>} */ ({
  pending: 'open',
  delivered: 'resolved',
  failed: 'closed',
  cancelled: 'annulled',
});

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  /** @type {{ webhooks: Webhook[] }} */
  const { webhooks } = await api('GET', '/webhooks');
  const shown = Number(ctx.query.get('webhook')) || webhooks[0]?.id || null;
  /** @type {Delivery[]} */
  const deliveries = shown
    ? /** @type {{ deliveries: Delivery[] }} */ (await api('GET', `/webhooks/${shown}/deliveries`)).deliveries
    : [];
  if (!ctx.current()) return;

  const rows = webhooks.map((w) => {
    const del = h('button', { type: 'button', class: 'btn btn-sm', 'data-delete': w.id }, 'Delete');
    del.addEventListener('click', async () => {
      if (!window.confirm(`Delete the webhook to ${w.url}? Its pending deliveries are cancelled.`)) return;
      await api('DELETE', `/webhooks/${w.id}`);
      await ctx.reload({ status: `Deleted the webhook to ${w.url}.` });
    });
    const show = h(
      'a',
      { href: `#/webhooks?webhook=${w.id}`, 'aria-current': w.id === shown ? 'true' : null },
      'Deliveries',
    );
    return [
      h('code', null, w.url),
      w.format,
      w.events.join(', '),
      w.active ? statusBadge('open', 'active') : statusBadge('closed', 'disabled (410)'),
      dateTime(w.createdAt),
      h('span', { class: 'actions' }, show, ' ', del),
    ];
  });

  const eventChecks = EVENTS.map((e) =>
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'events', value: e, checked: e === 'question.created' }),
      ` ${e}`,
    ),
  );
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Add webhook' },
    h('h2', null, 'Add a webhook'),
    field(
      'URL',
      h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://hooks.example.org/reckon' }),
      'Where to POST each event: http:// or https://.',
    ),
    field(
      'Format',
      h(
        'select',
        { name: 'format' },
        h('option', { value: 'json' }, 'JSON'),
        h('option', { value: 'slack' }, 'Slack ({text})'),
      ),
    ),
    field(
      'Secret',
      h('input', { name: 'secret', type: 'password', required: true, autocomplete: 'off' }),
      'At least 8 characters. Each request carries X-Reckon-Signature: sha256=HMAC of the body with it. It is not shown again.',
    ),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', null, 'Events'),
      h('div', { class: 'checks' }, eventChecks),
      h('p', { class: 'field-error' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add webhook')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {import('../forms.js').Problem[]} */
    const problems = [];
    const url = val(form, 'url');
    if (!/^https?:\/\/\S+$/.test(url))
      problems.push({ name: 'url', message: 'Enter an address starting with http:// or https://.' });
    const secret = /** @type {HTMLInputElement} */ (form.elements.namedItem('secret')).value;
    if (secret.length < 8)
      problems.push({
        name: 'secret',
        message: `The secret needs at least 8 characters (this one has ${secret.length}).`,
      });
    const events = Array.from(form.querySelectorAll('input[name="events"]:checked')).map(
      (el) => /** @type {HTMLInputElement} */ (el).value,
    );
    if (!events.length) problems.push({ name: 'events', message: 'Choose at least one event.' });
    if (problems.length) return showProblems(form, problems);
    submitting(form, async () => {
      await api('POST', '/webhooks', { url, secret, events, format: val(form, 'format') });
      await ctx.reload({
        focus: 'form[aria-label="Add webhook"] input[name="url"]',
        status: `Added the webhook to ${url}.`,
      });
    });
  });

  const current = webhooks.find((w) => w.id === shown);
  const deliveryTable = deliveries.length
    ? table(
        ['Event', 'Status', 'Attempts', 'Last error', 'Created', 'Delivered', 'Next attempt', 'Delivery id'],
        deliveries.map((d) => [
          d.event,
          statusBadge(DELIVERY_BADGE[d.status] ?? 'open', d.status),
          String(d.attempts),
          d.lastError ?? '—',
          dateTime(d.createdAt),
          d.deliveredAt ? dateTime(d.deliveredAt) : '—',
          d.nextAttemptAt ? dateTime(d.nextAttemptAt) : '—',
          h('code', null, d.id),
        ]),
      )
    : empty('No deliveries yet', 'Each event the webhook listens to is delivered within seconds.');

  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('h1', null, 'Webhooks'),
        h(
          'p',
          { class: 'muted' },
          'Events POSTed to other tools, retried with growing waits for 24 hours. A receiver answering 410 Gone disables its webhook.',
        ),
      ),
    ),
    h(
      'section',
      { class: 'card card-flush' },
      h('h2', { class: 'pad' }, `Webhooks (${webhooks.length})`),
      webhooks.length
        ? table(['URL', 'Format', 'Events', 'Status', 'Added', ''], rows)
        : empty('No webhooks yet', 'Add one below.'),
    ),
    current
      ? h(
          'section',
          { class: 'card card-flush', 'aria-label': 'Deliveries' },
          h('h2', { class: 'pad' }, 'Deliveries to ', h('code', null, current.url)),
          deliveryTable,
        )
      : null,
    h('section', { class: 'card' }, form),
  );
}
