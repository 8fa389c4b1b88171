/**
 * Domain errors carry a code from a closed string union; the HTTP layer maps
 * codes to statuses in one place, so the domain never knows about HTTP.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'too_many_requests'
  | 'unavailable';

/** One problem with an input, located by a path such as `probabilities.2`. */
export interface DomainIssue {
  path: string;
  message: string;
}

/**
 * A problem a domain rule finds, located by a structured path
 * (`['probabilities', 2]`), so the API (`probabilities.2`) and the archive
 * (`forecasts[12].probabilities[2]`) can each write the place their way.
 */
export interface RuleIssue {
  path: ReadonlyArray<string | number>;
  message: string;
}

/** The API's way of writing a place: `probabilities.2`. */
export function apiPath(path: ReadonlyArray<string | number>): string {
  return path.map(String).join('.');
}

/** A 400 listing every issue a rule found, with the API's paths; `what` names the input (`Invalid question`). */
export function invalidInput(what: string, issues: readonly RuleIssue[]): DomainError {
  const listed = issues.map((i) => ({ path: apiPath(i.path), message: i.message }));
  const first = listed[0];
  return new DomainError('invalid_input', first ? `${what}: ${first.path} ${first.message}` : what, listed);
}

/** The 404s every feature raises, worded once. */
export const notFound = {
  question: (key: string) => new DomainError('not_found', `No question with key '${key}'`),
  user: (handle: string) => new DomainError('not_found', `No user with handle '${handle}'`),
  team: (key: string) => new DomainError('not_found', `No team with key '${key}'`),
};

/**
 * An error the domain or a service throws on purpose. `issues` lists every
 * problem found at once, so a client can fix them all in one round trip.
 *
 * Fields are assigned explicitly rather than through constructor parameter
 * properties so the file stays valid under type-stripping loaders.
 *
 * @example
 * throw new DomainError('not_found', 'question 12 does not exist');
 * throw new DomainError('invalid_input', 'invalid forecast', [{ path: 'probability', message: 'must be at most 1' }]);
 */
export class DomainError extends Error {
  public code: DomainErrorCode;
  public issues?: Array<{ path: string; message: string }>;

  constructor(code: DomainErrorCode, message: string, issues?: Array<{ path: string; message: string }>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = issues;
  }
}

/** True for a DomainError; used by error handlers that must not trust `instanceof` across bundles. */
export function isDomainError(e: unknown): e is DomainError {
  if (e instanceof DomainError) return true;
  return e instanceof Error && e.name === 'DomainError' && typeof (e as { code?: unknown }).code === 'string';
}
