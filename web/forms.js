// @ts-check
/**
 * Showing API errors on forms: the message above the form's buttons, and each
 * issue ({path, message}) under the field it names, when the form has a
 * control with that name (`probabilities.2`, or `closesAt`).
 */
import { ApiError } from './api.js';
import { h, replace } from './dom.js';

/** The form's message area, made on first use just above its actions. */
function errorBox(/** @type {HTMLElement} */ form) {
  let box = /** @type {HTMLElement | null} */ (form.querySelector(':scope .form-error'));
  if (!box) {
    box = h('div', { class: 'form-error', role: 'alert' });
    const actions = form.querySelector(':scope .actions');
    if (actions) actions.before(box);
    else form.append(box);
  }
  return box;
}

/** Removes every error shown on the form. */
export function clearErrors(/** @type {HTMLElement} */ form) {
  form.querySelectorAll('.form-error').forEach((el) => {
    el.replaceChildren();
    el.classList.remove('visible');
  });
  form.querySelectorAll('.field-error').forEach((el) => el.replaceChildren());
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/**
 * Shows an error on the form. ApiErrors show their message and issues; any
 * other error shows its message.
 * @param {HTMLElement} form
 * @param {unknown} err
 */
export function showError(form, err) {
  clearErrors(form);
  const box = errorBox(form);
  const message = err instanceof Error ? err.message : String(err);
  /** @type {import('./types').Issue[]} */
  const unplaced = [];
  if (err instanceof ApiError) {
    for (const issue of err.issues) {
      const control = findControl(form, issue.path);
      const slot = control?.closest('.field')?.querySelector('.field-error');
      if (control && slot) {
        control.setAttribute('aria-invalid', 'true');
        slot.append(slot.childNodes.length ? `; ${issue.message}` : issue.message);
      } else {
        unplaced.push(issue);
      }
    }
  }
  replace(
    box,
    h('strong', null, message),
    unplaced.length
      ? h(
          'ul',
          null,
          unplaced.map((i) => h('li', null, i.path ? `${i.path}: ${i.message}` : i.message)),
        )
      : null,
  );
  box.classList.add('visible');
}

/** The control an issue path names: the exact name, else its first segment. */
function findControl(/** @type {HTMLElement} */ form, /** @type {string} */ path) {
  const byName = (/** @type {string} */ n) =>
    /** @type {HTMLElement | null} */ (form.querySelector(`[name="${CSS.escape(n)}"]`));
  return (path && byName(path)) || byName(path.split('.')[0] ?? '');
}

/**
 * Runs `work` with the form's submit button disabled, showing any error on the form.
 * Returns true when it succeeded.
 * @param {HTMLFormElement} form
 * @param {() => Promise<void>} work
 */
export async function submitting(form, work) {
  const button = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
  if (button) button.disabled = true;
  clearErrors(form);
  try {
    await work();
    return true;
  } catch (e) {
    showError(form, e);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

/** The trimmed value of a named control. */
export function val(/** @type {HTMLFormElement} */ form, /** @type {string} */ name) {
  const el = /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null} */ (
    form.elements.namedItem(name)
  );
  return el ? el.value.trim() : '';
}
