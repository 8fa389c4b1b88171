// @ts-check
/**
 * The route table: every page behind the sign-in, with its path, title, nav
 * label and who may see it. The router, the header's nav and the access check
 * in main.js all come from this list, so a new page is one row here (and its
 * module in pages/). The sign-in page is not a row: it shows to whoever is
 * signed out, whatever the path.
 */
import * as admin from './pages/admin.js';
import * as calibration from './pages/calibration.js';
import * as inbox from './pages/inbox.js';
import * as leaderboard from './pages/leaderboard.js';
import * as notifications from './pages/notifications.js';
import * as question from './pages/question.js';
import * as questions from './pages/questions.js';
import * as record from './pages/record.js';
import * as webhooks from './pages/webhooks.js';

/** @typedef {import('./router.js').Route} Route */

/** Where "#/" and a fresh sign-in lead. */
export const HOME = '/inbox';

/** The sign-in page's path. */
export const SIGN_IN = '/signin';

/** @type {readonly Route[]} */
export const routes = [
  { path: '/inbox', title: 'Inbox', nav: 'Inbox', page: inbox },
  { path: '/questions', title: 'Questions', nav: 'Questions', page: questions },
  { path: '/q/:key', title: 'Question', section: '/questions', page: question },
  { path: '/leaderboard', title: 'Leaderboard', nav: 'Leaderboard', page: leaderboard },
  { path: '/calibration', title: 'Calibration', nav: 'Calibration', page: calibration },
  { path: '/record', title: 'My record', nav: 'My record', page: record },
  // Reached from the signed-in name in the header, not the nav; one's own, like My record.
  { path: '/notifications', title: 'Notifications', section: '/record', page: notifications },
  { path: '/admin', title: 'Admin', nav: 'Admin', roles: ['admin'], page: admin },
  // Reached from the Admin page.
  { path: '/webhooks', title: 'Webhooks', section: '/admin', roles: ['admin'], page: webhooks },
];
