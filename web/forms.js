// @ts-check
/**
 * Problems and results on forms. A problem goes under the field it concerns
 * (one red message, the control marked aria-invalid and described by it),
 * focus moves to the first such field, and the words are announced; a problem
 * that names no field goes in the message box above the form's buttons. The
 * checks made in the browser (checks.js) and the API's 400 issues
 * ({path, message}, matched to a control by its name: `probabilities.2`,
 * `closesAt`) are shown the same way. After a save, `formStatus` says what
 * was saved ("Saved 55% at 05:15") in the form, and announces it.
 */
import { announce } from './announce.js';
import { ApiError } from './api.js';
import { describeBy, h, replace, uid } from './dom.js';

/**
 * A problem found before sending: the control's name (or the control) and
 * what is wrong, in words for people; a null name puts the message in the
 * form's message box.
 * @typedef {{ name: string | Element | null, message: string }} Problem
 */

/** The form's message area, made on first use just above its actions. */
function errorBox(/** @type {HTMLElement} */ form) {
  let box = /** @type {HTMLElement | null} */ (form.querySelector(':scope .form-error'));
  if (!box) {
    box = h('div', { class: 'form-error', tabindex: '-1', id: uid('form-error') });
    const actions = form.querySelector(':scope .actions');
    if (actions) actions.before(box);
    else form.append(box);
  }
  return box;
}

/** Removes every problem and status shown on the form. */
export function clearErrors(/** @type {HTMLElement} */ form) {
  form.querySelectorAll('.form-error').forEach((el) => {
    el.replaceChildren();
    el.classList.remove('visible');
  });
  form.querySelectorAll('.field-error').forEach((el) => el.replaceChildren());
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.form-status').forEach((el) => el.replaceChildren());
}

/**
 * The slot a control's message goes in: the `.field-error` of its field, made
 * (and linked to the control) when the field has none.
 * @param {Element} control
 */
function slotFor(control) {
  const holder = control.closest('.field') ?? control.parentElement;
  if (!holder) return null;
  let slot = holder.querySelector(':scope > .field-error, :scope .field-error');
  if (!slot) {
    slot = h('p', { class: 'field-error', id: uid('error') });
    holder.append(slot);
  }
  if (!slot.id) slot.id = uid('error');
  describeBy(control, [slot.id]);
  return slot;
}

/**
 * Marks one control as wrong with a message under it (no focus, no
 * announcement): for checks made while typing.
 * @param {Element} control
 * @param {string} message
 */
export function markProblem(control, message) {
  const slot = slotFor(control);
  control.setAttribute('aria-invalid', 'true');
  if (slot) replace(slot, message);
}

/** Clears what markProblem showed on one control. */
export function unmarkProblem(/** @type {Element} */ control) {
  control.removeAttribute('aria-invalid');
  const holder = control.closest('.field') ?? control.parentElement;
  holder?.querySelector('.field-error')?.replaceChildren();
}

/**
 * Once a person edits a control marked wrong, its message goes (the next
 * check will say again if it is still wrong). Controls that check themselves
 * while typing (`data-live-check`) keep theirs.
 * @param {Element} control
 */
function clearOnEdit(control) {
  if (control.hasAttribute('data-live-check')) return;
  control.addEventListener('input', () => unmarkProblem(control), { once: true });
  control.addEventListener('change', () => unmarkProblem(control), { once: true });
}

/**
 * Shows problems found before sending: each under its field, focus on the
 * first, and the first announced. Returns false, so a submit handler can
 * `return showProblems(...)`.
 *
 * @example
 * if (!ok) return showProblems(form, [{ name: 'occurredAt', message: "Known since can't be in the future (latest: 30 Nov, 05:12)" }]);
 * @param {HTMLElement} form
 * @param {Problem[]} problems
 * @returns {false}
 */
export function showProblems(form, problems) {
  clearErrors(form);
  /** @type {HTMLElement | null} */
  let first = null;
  /** @type {string[]} */
  const unplaced = [];
  for (const p of problems) {
    const control = p.name === null ? null : typeof p.name === 'string' ? findControl(form, p.name) : p.name;
    const slot = control ? slotFor(control) : null;
    if (control && slot) {
      control.setAttribute('aria-invalid', 'true');
      slot.append(slot.childNodes.length ? `; ${p.message}` : p.message);
      clearOnEdit(control);
      first ??= /** @type {HTMLElement} */ (control);
    } else {
      unplaced.push(p.message);
    }
  }
  if (unplaced.length) {
    const box = errorBox(form);
    replace(
      box,
      unplaced.length === 1
        ? unplaced[0]
        : h(
            'ul',
            null,
            unplaced.map((m) => h('li', null, m)),
          ),
    );
    box.classList.add('visible');
    first ??= box;
  }
  first?.focus();
  const count = problems.length;
  announce(
    count === 1 ? (problems[0]?.message ?? '') : `${count} problems: ${problems.map((p) => p.message).join('; ')}`,
    {
      urgent: true,
    },
  );
  return false;
}

/**
 * Shows an error from sending: an ApiError's issues under the fields they
 * name (the API's own words; the rest in the message box with the error's
 * message), any other error's message in the box. Focus moves to the first
 * field with a problem, else to the box; the message is announced.
 * @param {HTMLElement} form
 * @param {unknown} err
 */
export function showError(form, err) {
  clearErrors(form);
  const box = errorBox(form);
  const message = err instanceof Error ? err.message : String(err);
  /** @type {import('./types').Issue[]} */
  const unplaced = [];
  /** @type {HTMLElement | null} */
  let first = null;
  if (err instanceof ApiError) {
    for (const issue of err.issues) {
      const control = findControl(form, issue.path);
      const slot = control ? slotFor(control) : null;
      if (control && slot) {
        control.setAttribute('aria-invalid', 'true');
        slot.append(slot.childNodes.length ? `; ${issue.message}` : issue.message);
        clearOnEdit(control);
        first ??= control;
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
  (first ?? box).focus();
  const details = err instanceof ApiError ? err.issues.map((i) => i.message) : [];
  announce(details.length ? `${message}: ${details.join('; ')}` : message, { urgent: true });
}

/** The control an issue path names: the exact name, else its first segment. */
function findControl(/** @type {HTMLElement} */ form, /** @type {string} */ path) {
  const byName = (/** @type {string} */ n) =>
    /** @type {HTMLElement | null} */ (form.querySelector(`[name="${CSS.escape(n)}"]`));
  return (path && byName(path)) || byName(path.split('.')[0] ?? '');
}

/**
 * Says in the form what was just saved ("Saved 55% at 05:15") and announces
 * it. The line sits above the form's buttons and stays until the next problem
 * or save.
 * @param {HTMLElement} form
 * @param {string} text
 */
export function formStatus(form, text) {
  let line = /** @type {HTMLElement | null} */ (form.querySelector(':scope .form-status'));
  if (!line) {
    line = h('p', { class: 'form-status' });
    const actions = form.querySelector(':scope .actions');
    if (actions) actions.before(line);
    else form.append(line);
  }
  replace(line, text);
  announce(text);
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
    if (button) button.disabled = false;
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
