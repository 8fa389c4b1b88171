// @ts-check
/** Admin: the users (create, change role, deactivate), the teams (create, set members) and the workspace settings. Only admins reach it (routes.js). */
import { endpoints } from '../api.js';
import { empty, field, h, replace, table } from '../dom.js';
import { date } from '../format.js';
import { slugProblem } from '../checks.js';
import { announce } from '../announce.js';
import { showError, showProblems, submitting, val } from '../forms.js';

/** @typedef {import('../types').User} User */

/**
 * @param {HTMLElement} view
 * @param {import('../router.js').PageContext} ctx
 */
export async function render(view, ctx) {
  const [{ users }, { teams }, settings] = await Promise.all([
    endpoints.users(),
    endpoints.teams(),
    endpoints.settings(),
  ]);
  if (!ctx.current()) return;

  const usersTable = table(
    ['Handle', 'Name', 'Role', 'Teams', 'Created', 'Status', ''],
    // In the API's order: by handle.
    users.map((u) => {
      const role = h(
        'select',
        { 'aria-label': `Role of ${u.handle}`, class: 'compact', 'data-role-of': u.handle },
        ['analyst', 'lead', 'admin'].map((r) => h('option', { value: r, selected: r === u.role }, r)),
      );
      const msg = h('span', { class: 'inline-error', role: 'alert' });
      role.addEventListener('change', () => patch(u, { role: role.value }, msg));
      return [
        h('strong', null, u.handle),
        u.displayName,
        role,
        u.teams.length ? u.teams.join(', ') : h('span', { class: 'muted' }, '—'),
        date(u.createdAt),
        u.active
          ? h('span', { class: 'badge badge-open' }, 'active')
          : h('span', { class: 'badge badge-annulled' }, 'deactivated'),
        h(
          'span',
          null,
          u.handle === ctx.user.handle
            ? null
            : h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-sm',
                  'data-active-of': u.handle,
                  onclick: () => patch(u, { active: !u.active }, msg),
                },
                u.active ? 'Deactivate' : 'Reactivate',
              ),
          msg,
        ),
      ];
    }),
    { class: 'data users' },
  );

  /**
   * @param {User} u
   * @param {Record<string, unknown>} body
   * @param {HTMLElement} msg
   */
  async function patch(u, body, msg) {
    try {
      const { user } = await endpoints.updateUser(u.handle, body);
      const handle = CSS.escape(u.handle);
      await ctx.reload(
        body.role !== undefined
          ? {
              focus: `select[data-role-of="${handle}"]`,
              status: `${user.handle} is now ${user.role === 'admin' ? 'an' : 'a'} ${user.role}.`,
            }
          : {
              focus: `button[data-active-of="${handle}"]`,
              status: `${user.handle} is ${user.active ? 'active again' : 'deactivated: their sessions and tokens have stopped'}.`,
            },
      );
    } catch (e) {
      msg.textContent = e instanceof Error ? e.message : String(e);
      announce(msg.textContent, { urgent: true });
    }
  }

  const teamChecks = teams.map((t) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'teams', value: t.key }), ` ${t.name}`),
  );
  const createUser = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Create user' },
    h('h2', null, 'Create a user'),
    h(
      'div',
      { class: 'grid-2' },
      field(
        'Handle',
        h('input', {
          name: 'handle',
          required: true,
          placeholder: 'e.g. ana',
          autocapitalize: 'none',
          spellcheck: 'false',
        }),
        'a–z, 0–9 and dashes.',
      ),
      field('Display name', h('input', { name: 'displayName', required: true, placeholder: 'e.g. Ana Ortiz' })),
      field(
        'Role',
        h(
          'select',
          { name: 'role' },
          h('option', { value: 'analyst' }, 'analyst'),
          h('option', { value: 'lead' }, 'lead — resolves questions, sees all scores'),
          h('option', { value: 'admin' }, 'admin'),
        ),
      ),
      field(
        'Password',
        h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }),
        'At least 8 characters.',
      ),
    ),
    teams.length
      ? h(
          'fieldset',
          { class: 'field' },
          h('legend', null, 'Teams'),
          h('div', { class: 'checks' }, teamChecks),
          h('p', { class: 'field-error' }),
        )
      : null,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create user')),
  );
  createUser.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {import('../forms.js').Problem[]} */
    const problems = [];
    const handle = val(createUser, 'handle');
    const handleProblem = handle ? slugProblem(handle, 'The handle', 'ana') : 'Enter a handle: what they sign in with.';
    if (handleProblem) problems.push({ name: 'handle', message: handleProblem });
    if (!val(createUser, 'displayName')) problems.push({ name: 'displayName', message: 'Enter the name to show.' });
    const password = /** @type {HTMLInputElement} */ (createUser.elements.namedItem('password')).value;
    if (password.length < 8)
      problems.push({
        name: 'password',
        message: `The password needs at least 8 characters (this one has ${password.length}).`,
      });
    if (problems.length) return showProblems(createUser, problems);
    submitting(createUser, async () => {
      const chosen = Array.from(createUser.querySelectorAll('input[name="teams"]:checked')).map(
        (el) => /** @type {HTMLInputElement} */ (el).value,
      );
      await endpoints.createUser({
        handle: val(createUser, 'handle'),
        displayName: val(createUser, 'displayName'),
        role: val(createUser, 'role'),
        password: /** @type {HTMLInputElement} */ (createUser.elements.namedItem('password')).value,
        ...(chosen.length ? { teams: chosen } : {}),
      });
      await ctx.reload({
        focus: 'form[aria-label="Create user"] input[name="handle"]',
        status: `Created ${handle} (${val(createUser, 'displayName')}).`,
      });
    });
  });

  const teamRows = teams.map((t) => {
    const members = h('input', {
      name: 'handles',
      value: t.members.join(', '),
      'aria-label': `Members of ${t.name}`,
      'data-team': t.key,
    });
    const form = h(
      'form',
      { class: 'inline-form', novalidate: true },
      members,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-sm' }, 'Save')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const handles = members.value.split(/[\s,]+/).filter(Boolean);
      const problem = handles.map((x) => slugProblem(x, 'A handle')).find((p) => p !== null);
      if (problem) return showProblems(form, [{ name: members, message: problem }]);
      endpoints.setMembers(t.key, handles).then(
        () =>
          ctx.reload({
            focus: `input[name="handles"][data-team="${CSS.escape(t.key)}"]`,
            status: `Saved the members of ${t.name}.`,
          }),
        (err) => showError(form, err),
      );
    });
    return [h('strong', null, t.name), h('span', { class: 'muted' }, t.key), form];
  });
  const createTeam = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Create team' },
    h('h2', null, 'Create a team'),
    h(
      'div',
      { class: 'grid-2' },
      field('Key', h('input', { name: 'key', required: true, placeholder: 'e.g. europe' })),
      field('Name', h('input', { name: 'name', required: true, placeholder: 'e.g. Europe desk' })),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create team')),
  );
  createTeam.addEventListener('submit', (e) => {
    e.preventDefault();
    /** @type {import('../forms.js').Problem[]} */
    const problems = [];
    const key = val(createTeam, 'key');
    const keyProblem = key ? slugProblem(key, 'The key', 'europe') : 'Enter a key: the team’s short name in filters.';
    if (keyProblem) problems.push({ name: 'key', message: keyProblem });
    if (!val(createTeam, 'name')) problems.push({ name: 'name', message: 'Enter the team’s name.' });
    if (problems.length) return showProblems(createTeam, problems);
    submitting(createTeam, async () => {
      await endpoints.createTeam({ key: val(createTeam, 'key'), name: val(createTeam, 'name') });
      await ctx.reload({
        focus: 'form[aria-label="Create team"] input[name="key"]',
        status: `Created the team ${val(createTeam, 'name')}.`,
      });
    });
  });

  const settingsForm = h(
    'form',
    { class: 'form', novalidate: true, 'aria-label': 'Workspace settings' },
    h('h2', null, 'Workspace settings'),
    field(
      'Stale after (days)',
      h('input', {
        name: 'staleDays',
        type: 'number',
        min: '1',
        max: '365',
        step: '1',
        value: String(settings.staleDays),
      }),
      'A standing forecast older than this shows as stale in its author’s inbox (1–365).',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save settings')),
  );
  settingsForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = val(settingsForm, 'staleDays');
    const days = Number(raw);
    if (!/^\d+$/.test(raw) || days < 1 || days > 365)
      return showProblems(settingsForm, [
        { name: 'staleDays', message: 'Enter a whole number of days from 1 to 365.' },
      ]);
    submitting(settingsForm, async () => {
      await endpoints.updateSettings({ staleDays: days });
      await ctx.reload({
        focus: 'form[aria-label="Workspace settings"] input[name="staleDays"]',
        status: `Forecasts are now stale after ${days} day${days === 1 ? '' : 's'}.`,
      });
    });
  });

  replace(
    view,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('h1', null, 'Admin'),
        h(
          'p',
          { class: 'muted' },
          'Users and teams. Deactivated users cannot sign in; their sessions and tokens stop at once.',
        ),
        h(
          'p',
          null,
          h('a', { href: '#/webhooks' }, 'Webhooks'),
          ': where Reckon announces events, and their deliveries.',
        ),
      ),
    ),
    h('section', { class: 'card card-flush' }, h('h2', { class: 'pad' }, `Users (${users.length})`), usersTable),
    h(
      'div',
      { class: 'grid-2 admin-forms' },
      h('section', { class: 'card' }, createUser),
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'Teams'),
        teams.length
          ? table(['Team', 'Key', 'Members (handles, comma separated)'], teamRows, { class: 'data teams' })
          : empty('No teams yet'),
        createTeam,
      ),
    ),
    h('section', { class: 'card' }, settingsForm),
  );
}
