// @ts-check
/**
 * Asking before a step that costs something, inside the form that takes it
 * (no pop-up window): a short panel above the form's buttons saying what the
 * step will do, with a button to go ahead and one to go back. Used before a
 * 0% or 100% forecast, a forecast without a rationale and a re-resolution.
 */
import { h, uid } from '../dom.js';

/**
 * Shows the question in `form` and waits for the answer: true to go ahead,
 * false to go back (the back button, Escape, or any change to the form).
 * Focus moves to the go-ahead button, described by the question; after going
 * back it moves to `back` (the field to change), else to the form's submit
 * button.
 *
 * @example
 * if (!(await confirmInForm(form, { title: 'Save 100%?', message: '100% means certain…', confirm: 'Save 100%', cancel: 'Change it', back: input }))) return;
 * @param {HTMLFormElement} form
 * @param {object} ask
 * @param {string} ask.title one line: what is about to happen ("Re-resolve from Yes to No?")
 * @param {import('../dom.js').Child} ask.message what it changes or costs
 * @param {string} ask.confirm the go-ahead button's words ("Re-resolve")
 * @param {string} [ask.cancel] the go-back button's words
 * @param {HTMLElement | null} [ask.back] where focus goes on going back
 * @returns {Promise<boolean>}
 */
export function confirmInForm(form, ask) {
  form.querySelector(':scope .confirm')?.dispatchEvent(new Event('reckon:dismiss'));
  const titleId = uid('confirm');
  const messageId = uid('confirm-message');
  return new Promise((resolve) => {
    const yes = h(
      'button',
      { type: 'button', class: 'btn btn-primary', 'aria-describedby': `${titleId} ${messageId}` },
      ask.confirm,
    );
    const no = h('button', { type: 'button', class: 'btn' }, ask.cancel ?? 'Go back');
    const panel = h(
      'div',
      { class: 'confirm', role: 'group', 'aria-labelledby': titleId },
      h('p', { class: 'confirm-title', id: titleId }, ask.title),
      h('div', { class: 'confirm-message', id: messageId }, ask.message),
      h('div', { class: 'confirm-actions' }, yes, no),
    );
    const submit = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
    const done = (/** @type {boolean} */ answer) => {
      form.removeEventListener('input', onChange);
      panel.removeEventListener('keydown', onKey);
      panel.remove();
      if (submit) submit.hidden = false;
      if (!answer) (ask.back ?? submit)?.focus();
      resolve(answer);
    };
    const onChange = () => done(false);
    const onKey = (/** @type {KeyboardEvent} */ e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        done(false);
      }
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    panel.addEventListener('keydown', onKey);
    panel.addEventListener('reckon:dismiss', () => done(false));
    form.addEventListener('input', onChange);
    const actions = form.querySelector(':scope .actions');
    if (actions) actions.before(panel);
    else form.append(panel);
    // The form's own button would only ask again: the panel's buttons answer.
    if (submit) submit.hidden = true;
    // The button is described by the question, so a screen reader reads it with the button.
    yes.focus();
  });
}
