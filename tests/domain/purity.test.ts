import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/architecture.md: domain/ is pure; it imports nothing from db/, http/, hono, drizzle or zod (nor anything else outside itself).
const domainDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/domain');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/domain purity', () => {
  const all = files(domainDir);

  it('finds the domain files', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it.each(all.map((f) => [relative(domainDir, f), f]))('%s imports only from inside src/domain', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
      (m) => m[1] as string,
    );
    for (const s of specifiers) {
      expect(s.startsWith('./') || s.startsWith('../'), `${s} is a package import`).toBe(true);
      const target = resolve(dirname(file), s);
      expect(target.startsWith(domainDir), `${s} leaves src/domain`).toBe(true);
    }
    // No clock and no chance: `new Date(ms)` formats an instant, `new Date()` would read the clock.
    expect(text).not.toMatch(/process\.env|Date\.now\(|new Date\(\)|Math\.random\(/);
  });
});
