/**
 * The front end's house rules (web/README.md), checked on the source so a
 * change that breaks one fails here rather than in review: pages do not import
 * each other, web code takes nothing but types from src/, and names are never
 * sorted by locale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/** Every browser module under web/, as [path relative to web/, source]. */
const modules: [string, string][] = readdirSync(WEB, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.js'))
  .map((f) => [f.split(path.sep).join('/'), readFileSync(path.join(WEB, f), 'utf8')]);

/** The source without its comments (rough, but web/ has no comment markers inside strings). */
const code = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The module specifiers a file imports at run time (`import ... from '...'`, not JSDoc `import('...')` types). */
const imports = (source: string) =>
  [...source.matchAll(/^\s*import\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('web/ layout', () => {
  it('finds the pages and components', () => {
    expect(modules.filter(([f]) => f.startsWith('pages/')).length).toBeGreaterThan(5);
    expect(modules.filter(([f]) => f.startsWith('components/')).length).toBeGreaterThan(3);
  });

  it('keeps pages and components from importing pages', () => {
    for (const [file, source] of modules) {
      if (!file.startsWith('pages/') && !file.startsWith('components/')) continue;
      for (const spec of imports(source))
        expect(path.posix.join(path.posix.dirname(file), spec), `${file} imports ${spec}`).not.toMatch(/^pages\//);
    }
  });

  it('imports nothing from src/ at run time', () => {
    for (const [file, source] of modules)
      for (const spec of imports(source)) expect(spec, file).not.toMatch(/(^|\/)src\//);
  });

  it('sorts no strings by locale (compare.js gives the server’s order)', () => {
    for (const [file, source] of modules) expect(code(source), file).not.toMatch(/localeCompare|\.sort\(\)/);
  });

  it('links every stylesheet under styles/ from index.html, which carries the live regions announce.js speaks through', () => {
    const html = readFileSync(path.join(WEB, 'index.html'), 'utf8');
    const sheets = readdirSync(path.join(WEB, 'styles')).filter((f) => f.endsWith('.css'));
    expect(sheets.length).toBeGreaterThan(1);
    for (const f of sheets) expect(html, f).toContain(`href="/app/styles/${f}"`);
    expect(html).toMatch(/id="announce-polite"[^>]*aria-live="polite"/);
    expect(html).toMatch(/id="announce-alert"[^>]*aria-live="assertive"/);
  });
});
