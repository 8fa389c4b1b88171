// @ts-check
/** Your email settings: address, daily or weekly digest, and the events you want by email. */
import { api } from '../api.js';
import { field, h, replace } from '../dom.js';
import { showProblems, submitting, val } from '../forms.js';

/** @typedef {import('../notifications').NotificationSettings} NotificationSettings */

const EVENTS = /** @type {const} */ ([
  ['question.created', 'A question is posed'],
  ['question.closed', 'A question closes'],
  ['question.resolved', 'A question is resolved, re-resolved or annulled'],
  ['question.clarified', 'A question’s criteria are clarified'],
  ['suggestion.created', 'Someone suggests a resolution'],
]);

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  /** @type {NotificationSettings} */
  const s = await api('GET', '/me/notifications');
  if (!ctx.current()) return;

  const notices = [
    s.emailEnabled
      ? null
      : h(
          'p',
          { class: 'notice', role: 'note' },
          'Email is off on this server (no RECKON_SMTP_URL is set): your settings are kept, but nothing is sent until an administrator sets it.',
        ),
    s.linksEnabled
      ? null
      : h(
          'p',
          { class: 'notice', role: 'note' },
          'Emails carry no links to questions: the server has no RECKON_PUBLIC_URL.',
        ),
  ];

  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Notification settings' },
    field(
      'Email',
      h('input', {
        name: 'email',
        type: 'email',
        value: s.email ?? '',
        autocomplete: 'email',
        placeholder: 'you@example.org',
      }),
      'Leave empty for no email.',
    ),
    field(
      'Digest',
      h(
        'select',
        { name: 'digest' },
        h('option', { value: 'off', selected: s.digest === 'off' }, 'Off'),
        h('option', { value: 'daily', selected: s.digest === 'daily' }, 'Daily'),
        h('option', { value: 'weekly', selected: s.digest === 'weekly' }, 'Weekly'),
      ),
      'What needs you: questions you have not forecast, those closing within 72 hours, and (for leads) those awaiting resolution.',
    ),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', null, 'Email me when'),
      h(
        'div',
        { class: 'checks' },
        EVENTS.map(([value, label]) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'checkbox', name: 'events', value, checked: s.events.includes(value) }),
            ` ${label}`,
          ),
        ),
      ),
      h('p', { class: 'field-error' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const email = val(form, 'email');
    const digest = val(form, 'digest');
    const events = Array.from(form.querySelectorAll('input[name="events"]:checked')).map(
      (el) => /** @type {HTMLInputElement} */ (el).value,
    );
    if (!email && (digest !== 'off' || events.length))
      return showProblems(form, [
        { name: 'email', message: 'Enter an email address for a digest or events by email.' },
      ]);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return showProblems(form, [{ name: 'email', message: 'Enter an email address, e.g. you@example.org.' }]);
    submitting(form, async () => {
      await api('PUT', '/me/notifications', { email: email || null, digest, events });
      await ctx.reload({
        focus: 'form[aria-label="Notification settings"] input[name="email"]',
        status: 'Saved your notification settings.',
      });
    });
  });

  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, 'Notifications'), h('p', { class: 'muted' }, 'What Reckon sends you by email.')),
    ),
    notices,
    h('section', { class: 'card' }, form),
  );
}
