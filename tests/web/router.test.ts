/**
 * The route table (web/routes.js) and what main.js derives from it
 * (web/router.js): which page a path shows, the header's links for each role,
 * and who may see a page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as router from '../../web/router.js';
import { matchRoute, mayView, navLinks, notAllowedMessage, sectionOf, type Route } from '../../web/router.js';
import * as table from '../../web/routes.js';
import { HOME, routes, SIGN_IN } from '../../web/routes.js';

const page = { render: () => undefined };
const route = (path: string, extra: Partial<Route> = {}): Route => ({ path, title: path, page, ...extra });

describe('matchRoute', () => {
  const rs = [route('/a'), route('/q/:key'), route('/u/:handle/q/:key'), route('/x.y')];

  it('finds the route whose whole path matches, with its parameters', () => {
    expect(matchRoute(rs, '/a')).toEqual({ route: rs[0], params: {} });
    expect(matchRoute(rs, '/q/my-question-2')).toEqual({ route: rs[1], params: { key: 'my-question-2' } });
    expect(matchRoute(rs, '/u/ana/q/k')?.params).toEqual({ handle: 'ana', key: 'k' });
  });

  it('matches nothing else', () => {
    for (const path of ['', '/', '/a/', '/ab', '/q/', '/q/Upper', '/q/a/b', '/q/a%20b', '/xzy'])
      expect(matchRoute(rs, path), path).toBeNull();
    expect(matchRoute(rs, '/x.y')?.route).toBe(rs[3]);
  });
});

describe('access and nav', () => {
  const rs = [
    route('/open', { nav: 'Open' }),
    route('/hidden'),
    route('/leads', { nav: 'Leads', roles: ['lead', 'admin'] }),
    route('/admin', { nav: 'Admin', roles: ['admin'] }),
  ];

  it('shows a role the nav links of the pages it may see, in table order', () => {
    expect(navLinks(rs, 'analyst')).toEqual([{ path: '/open', label: 'Open' }]);
    expect(navLinks(rs, 'lead').map((l) => l.label)).toEqual(['Open', 'Leads']);
    expect(navLinks(rs, 'admin').map((l) => l.label)).toEqual(['Open', 'Leads', 'Admin']);
  });

  it('lets every role see a page without roles, and only the listed roles otherwise', () => {
    expect(mayView(rs[1]!, 'analyst')).toBe(true);
    expect(mayView(rs[2]!, 'analyst')).toBe(false);
    expect(mayView(rs[2]!, 'lead')).toBe(true);
    expect(mayView(rs[3]!, 'lead')).toBe(false);
  });

  it('tells the others who may see the page', () => {
    expect(notAllowedMessage(rs[3]!)).toBe('Only admins can see this page.');
    expect(notAllowedMessage(rs[2]!)).toBe('Only leads and admins can see this page.');
  });
});

describe('the route table', () => {
  it('gives every page a title, a unique path and a render function; each highlights a nav link', () => {
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
    const nav = new Set(routes.filter((r) => r.nav).map((r) => r.path));
    for (const r of routes) {
      expect(r.title, r.path).not.toBe('');
      expect(typeof r.page.render, r.path).toBe('function');
      expect(nav.has(sectionOf(r)), r.path).toBe(true);
    }
  });

  it('routes the app’s paths to their pages', () => {
    expect(matchRoute(routes, HOME)?.route.title).toBe('Inbox'); // the first page after sign-in
    expect(matchRoute(routes, '/q/summit-communique')).toMatchObject({
      route: { title: 'Question', section: '/questions' },
      params: { key: 'summit-communique' },
    });
    expect(matchRoute(routes, SIGN_IN)).toBeNull(); // shown to whoever is signed out, not a row
  });

  it('keeps the admin page out of the nav and out of reach for analysts and leads', () => {
    const admin = matchRoute(routes, '/admin')!.route;
    for (const role of ['analyst', 'lead'] as const) {
      expect(navLinks(routes, role).map((l) => l.label)).toEqual([
        'Inbox',
        'Questions',
        'Leaderboard',
        'Calibration',
        'My record',
      ]);
      expect(mayView(admin, role)).toBe(false);
      expect(mayView(matchRoute(routes, '/webhooks')!.route, role)).toBe(false);
    }
    expect(navLinks(routes, 'admin').map((l) => l.label)).toEqual([
      'Inbox',
      'Questions',
      'Leaderboard',
      'Calibration',
      'My record',
      'Admin',
    ]);
    // Reached from the signed-in name and from the Admin page, not the nav.
    expect(matchRoute(routes, '/notifications')!.route).toMatchObject({ section: '/record' });
    expect(matchRoute(routes, '/webhooks')!.route).toMatchObject({ section: '/admin', roles: ['admin'] });
    expect(mayView(admin, 'admin')).toBe(true);
  });
});

describe('declarations', () => {
  it.each([
    ['router', router],
    ['routes', table],
  ] as const)('web/%s.d.ts declares every export', (name, module) => {
    const dts = readFileSync(new URL(`../../web/${name}.d.ts`, import.meta.url), 'utf8');
    for (const key of Object.keys(module)) expect(dts, key).toMatch(new RegExp(`export (function|const) ${key}\\b`));
  });
});
