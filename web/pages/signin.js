// @ts-check
/** The sign-in page: handle and password; the API's message shown under the form. */
import { endpoints } from '../api.js';
import { field, h, replace } from '../dom.js';
import { showProblems, submitting, val } from '../forms.js';

/**
 * @param {HTMLElement} view
 * @param {{ next: string, signedIn: (user: import('../types').User) => void }} ctx
 */
export function render(view, ctx) {
  const form = h(
    'form',
    { class: 'card form', novalidate: true, 'aria-label': 'Sign in' },
    h('h1', null, 'Sign in'),
    h('p', { class: 'muted' }, 'Track your forecasts, see how they score, and check your calibration.'),
    field(
      'Handle',
      h('input', {
        name: 'handle',
        autocomplete: 'username',
        required: true,
        autofocus: true,
        spellcheck: 'false',
        autocapitalize: 'none',
      }),
    ),
    field(
      'Password',
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Sign in')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const password = /** @type {HTMLInputElement} */ (form.elements.namedItem('password')).value;
    /** @type {import('../forms.js').Problem[]} */
    const problems = [];
    if (!val(form, 'handle')) problems.push({ name: 'handle', message: 'Enter your handle.' });
    if (!password) problems.push({ name: 'password', message: 'Enter your password.' });
    if (problems.length) return showProblems(form, problems);
    submitting(form, async () => {
      const { user } = await endpoints.signIn(
        val(form, 'handle'),
        /** @type {HTMLInputElement} */ (form.elements.namedItem('password')).value,
      );
      ctx.signedIn(user);
    });
  });
  replace(
    view,
    h(
      'div',
      { class: 'signin' },
      h(
        'div',
        { class: 'signin-brand' },
        h('span', { class: 'brand-mark big', 'aria-hidden': 'true' }),
        h('span', null, 'Reckon'),
      ),
      form,
    ),
  );
  /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="handle"]'))?.focus();
}
