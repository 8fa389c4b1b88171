/**
 * The web front end: static files from web/ (plain ES modules, no build step)
 * and chart.js from its installed package, all served from this origin so the
 * pages work offline and under the Content-Security-Policy (no CDN, no inline
 * script). The app itself is a single page with hash routing: `/` is all it needs.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

const require = createRequire(import.meta.url);
const chartDist = path.dirname(require.resolve('chart.js'));
/** The UMD build: the ESM one has bare imports a browser cannot resolve without an import map. */
const chartFile = ['chart.umd.min.js', 'chart.umd.js'].map((f) => path.join(chartDist, f)).find((f) => existsSync(f));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A file under web/ for a request path, or null (unknown type, declaration file, or outside web/). */
function webFile(rel: string): { file: string; type: string } | null {
  if (rel.endsWith('.d.ts')) return null;
  const type = types[path.extname(rel)];
  if (!type) return null;
  const file = path.resolve(webDir, rel);
  if (!file.startsWith(webDir + path.sep)) return null;
  return { file, type };
}

async function send(file: string, type: string): Promise<Response | null> {
  try {
    const body = await readFile(file);
    // no-cache: the browser revalidates, so a deploy never mixes old and new modules.
    return new Response(body, { status: 200, headers: { 'content-type': type, 'cache-control': 'no-cache' } });
  } catch {
    return null;
  }
}

export function webRoutes() {
  const app = new Hono();
  app.get('/', async (c) => (await send(path.join(webDir, 'index.html'), types['.html']!)) ?? c.notFound());
  app.get('/vendor/chart.js', async (c) => (chartFile ? await send(chartFile, types['.js']!) : null) ?? c.notFound());
  app.get('/app/*', async (c) => {
    let rel: string;
    try {
      rel = decodeURIComponent(c.req.path.slice('/app/'.length));
    } catch {
      return c.notFound();
    }
    const found = webFile(rel);
    return (found ? await send(found.file, found.type) : null) ?? c.notFound();
  });
  return app;
}
