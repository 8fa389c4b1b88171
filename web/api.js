// @ts-check
/**
 * The API client: JSON over fetch with the session cookie. Every failure
 * becomes an ApiError carrying the API's {code, message, issues} so a form can
 * show it next to the fields it concerns.
 */

/** @typedef {import('./types').Issue} Issue */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {Issue[]} [issues]
   */
  constructor(status, code, message, issues = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** @type {(() => void) | null} */
let onUnauthorized = null;

/** Called when a request comes back 401 (the session ended): the app shows the sign-in page. */
export function setUnauthorizedHandler(/** @type {() => void} */ fn) {
  onUnauthorized = fn;
}

/**
 * A query string from the params that have a value: `query({ tag: 'x', q: '' })` -> "?tag=x".
 * @param {Record<string, string | number | null | undefined>} params
 */
export function query(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls the API and returns the parsed JSON body (null for 204).
 * @template T
 * @param {string} method
 * @param {string} path under /api, e.g. "/questions"
 * @param {unknown} [body]
 * @returns {Promise<T>}
 */
export async function api(method, path, body) {
  /** @type {RequestInit} */
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return /** @type {T} */ (null);
  const text = await res.text();
  /** @type {any} */
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? 'http_error',
      e?.message ?? `The server answered ${res.status} ${res.statusText}`,
      Array.isArray(e?.issues) ? e.issues : [],
    );
    if (res.status === 401 && path !== '/session' && onUnauthorized) onUnauthorized();
    throw err;
  }
  return /** @type {T} */ (data);
}

/** GET with query parameters. */
export function get(
  /** @type {string} */ path,
  /** @type {Record<string, string | number | null | undefined>} */ params = {},
) {
  return api('GET', `${path}${query(params)}`);
}

/** Path segment escaping for keys and handles. */
export const seg = (/** @type {string} */ s) => encodeURIComponent(s);

/**
 * @typedef {import('./types').User} User
 * @typedef {import('./types').Team} Team
 * @typedef {import('./types').Question} Question
 * @typedef {import('./types').Forecast} Forecast
 * @typedef {import('./types').Resolution} Resolution
 * @typedef {Record<string, string | number | null | undefined>} Params
 */

/** The endpoints the pages use, typed. */
export const endpoints = {
  /** @returns {Promise<{ user: User }>} */
  signIn: (/** @type {string} */ handle, /** @type {string} */ password) =>
    api('POST', '/session', { handle, password }),
  /** @returns {Promise<null>} */
  signOut: () => api('DELETE', '/session'),
  /** @returns {Promise<{ user: User }>} */
  me: () => api('GET', '/me'),

  /** @returns {Promise<{ questions: Question[], nextCursor: string | null }>} */
  questions: (/** @type {Params} */ params) => get('/questions', params),
  /** @returns {Promise<{ question: Question }>} */
  createQuestion: (/** @type {Record<string, unknown>} */ body) => api('POST', '/questions', body),
  /** @returns {Promise<{ question: Question }>} */
  question: (/** @type {string} */ key) => api('GET', `/questions/${seg(key)}`),
  /** @returns {Promise<{ forecasts: Forecast[], hidden: boolean }>} */
  forecasts: (/** @type {string} */ key) => api('GET', `/questions/${seg(key)}/forecasts`),
  /** @returns {Promise<{ forecast: Forecast }>} */
  forecast: (/** @type {string} */ key, /** @type {Record<string, unknown>} */ body) =>
    api('POST', `/questions/${seg(key)}/forecasts`, body),
  /** @returns {Promise<import('./types').CrowdSeries>} */
  crowd: (/** @type {string} */ key, aggregate = 'median') =>
    get(`/questions/${seg(key)}/crowd`, { aggregate: aggregate === 'median' ? null : aggregate }),
  /** @returns {Promise<{ resolution: Resolution }>} */
  resolve: (/** @type {string} */ key, /** @type {Record<string, unknown>} */ body) =>
    api('POST', `/questions/${seg(key)}/resolution`, body),
  /** @returns {Promise<import('./types').QuestionScores>} */
  scores: (/** @type {string} */ key) => api('GET', `/questions/${seg(key)}/scores`),

  /** @returns {Promise<import('./types').Leaderboard>} */
  leaderboard: (/** @type {Params} */ params) => get('/leaderboard', params),
  /** @returns {Promise<import('./types').Aggregates>} the team aggregates' backtest */
  aggregates: (/** @type {Params} */ params) => get('/aggregates', params),
  /** @returns {Promise<import('./types').Calibration>} */
  calibration: (/** @type {Params} */ params) => get('/calibration', params),
  /** @returns {Promise<import('./types').UserScores>} */
  userScores: (/** @type {string} */ handle, /** @type {Params} */ params = {}) =>
    get(`/users/${seg(handle)}/scores`, params),
  /** @returns {Promise<import('./types').BrierByMonth>} */
  brierByMonth: (/** @type {Params} */ params = {}) => get('/brier-by-month', params),

  /** @returns {Promise<{ users: User[] }>} `hasForecasts: true`: only those who have forecast (the analyst pickers) */
  users: (/** @type {{ hasForecasts?: boolean }} */ params = {}) =>
    get('/users', { hasForecasts: params.hasForecasts === undefined ? null : String(params.hasForecasts) }),
  /** @returns {Promise<import('./types').OpenForecasts>} */
  openForecasts: (/** @type {string} */ handle) => api('GET', `/users/${seg(handle)}/open-forecasts`),
  /** @returns {Promise<{ user: User }>} */
  createUser: (/** @type {Record<string, unknown>} */ body) => api('POST', '/users', body),
  /** @returns {Promise<{ user: User }>} */
  updateUser: (/** @type {string} */ handle, /** @type {Record<string, unknown>} */ body) =>
    api('PATCH', `/users/${seg(handle)}`, body),
  /** @returns {Promise<{ teams: Team[] }>} */
  teams: () => api('GET', '/teams'),

  /** @returns {Promise<import('./types').Inbox>} */
  inbox: () => api('GET', '/inbox'),
  /** @returns {Promise<import('./types').Settings>} */
  settings: () => api('GET', '/settings'),
  /** @returns {Promise<import('./types').Settings>} */
  updateSettings: (/** @type {Record<string, unknown>} */ body) => api('PATCH', '/settings', body),
  /** @returns {Promise<{ clarification: import('./types').Clarification }>} */
  clarify: (/** @type {string} */ key, /** @type {string} */ text) =>
    api('POST', `/questions/${seg(key)}/clarifications`, { text }),
  /** @returns {Promise<{ suggestion: import('./types').Suggestion }>} */
  suggest: (/** @type {string} */ key, /** @type {Record<string, unknown>} */ body) =>
    api('POST', `/questions/${seg(key)}/suggestions`, body),
  /** @returns {Promise<{ resolution: Resolution }>} */
  acceptSuggestion: (/** @type {number} */ id) => api('POST', `/suggestions/${id}/accept`),
  /** @returns {Promise<{ suggestion: import('./types').Suggestion }>} */
  dismissSuggestion: (/** @type {number} */ id, /** @type {string} */ note) =>
    api('POST', `/suggestions/${id}/dismiss`, { note }),
  /** @returns {Promise<{ team: Team }>} */
  createTeam: (/** @type {Record<string, unknown>} */ body) => api('POST', '/teams', body),
  /** @returns {Promise<{ team: Team }>} */
  setMembers: (/** @type {string} */ key, /** @type {string[]} */ handles) =>
    api('PUT', `/teams/${seg(key)}/members`, { handles }),
};
