/**
 * The layering rules of docs/architecture.md, as a function from source files
 * to violations, so a test can run them on the tree and on made-up files.
 */
import { dirname, relative, resolve, sep } from 'node:path';

export interface SourceFile {
  /** repository-relative path with forward slashes, e.g. src/features/questions/questions.routes.ts */
  path: string;
  text: string;
}

/** Every module a file imports at run time or for types, as repository-relative paths (packages as `pkg:name`). */
export function importsOf(file: SourceFile): Array<{ target: string; typeOnly: boolean }> {
  const out: Array<{ target: string; typeOnly: boolean }> = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of file.text.matchAll(re)) {
    const spec = (m[3] ?? m[4]) as string;
    const typeOnly = m[2] !== undefined;
    if (!spec.startsWith('.')) {
      out.push({ target: `pkg:${spec}`, typeOnly });
      continue;
    }
    const abs = resolve('/', dirname(file.path), spec);
    out.push({ target: relative('/', abs).split(sep).join('/').replace(/\.js$/, ''), typeOnly });
  }
  return out;
}

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
const isRoutes = (p: string) => /^src\/features\/[^/]+\/[^/]+\.routes(\.ts)?$/.test(p);
const isRepository = (p: string) => /^src\/features\/[^/]+\/[^/]+\.repository(\.ts)?$/.test(p);
const isService = (p: string) => /^src\/features\/[^/]+\/[^/]+\.service(\.ts)?$/.test(p);

/** Every broken rule, as `file: what`. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const p = f.path;
    for (const { target, typeOnly } of importsOf(f)) {
      const bad = (why: string) => out.push(`${p}: ${why} (${target})`);
      if (under(p, 'src/domain')) {
        if (target.startsWith('pkg:') || !under(target, 'src/domain')) bad('src/domain imports only src/domain');
        continue;
      }
      if (under(p, 'web')) {
        if (under(target, 'src') && !typeOnly && !p.endsWith('.d.ts')) bad('web/ imports only types from src/');
        continue;
      }
      if (isRoutes(p) && (isRepository(target) || under(target, 'src/db')))
        bad('routes call services, never repositories or the database');
      if (under(p, 'src/features') && !isRoutes(p) && under(target, 'src/http'))
        bad('services and repositories never import src/http');
      if (under(p, 'src/features') && !isRoutes(p) && isRoutes(target)) bad('only the app mounts routes');
      if (isRepository(p) && isService(target)) bad('repositories never call services');
      if (under(p, 'src/db') && (under(target, 'src/features') || under(target, 'src/http')))
        bad('src/db knows no feature and no HTTP');
    }
    if (under(p, 'src') && p !== 'src/config.ts' && /process\.env/.test(f.text))
      out.push(`${p}: only src/config.ts reads process.env`);
    if (under(p, 'src/domain') && /Date\.now\(|new Date\(\)|Math\.random\(/.test(f.text))
      out.push(`${p}: src/domain reads no clock and no randomness`);
  }
  return out;
}
