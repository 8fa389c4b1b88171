// @ts-check
/**
 * What a role may do inside a page (anyone signed in forecasts and
 * poses questions; leads and admins resolve and see everyone's scores). Which
 * pages a role may open is in the route table (routes.js).
 */

/**
 * Whether the role resolves questions and may look at any analyst's
 * calibration and record: leads and admins.
 * @param {import('./types').Role} role
 */
export function isReviewer(role) {
  return role === 'lead' || role === 'admin';
}
