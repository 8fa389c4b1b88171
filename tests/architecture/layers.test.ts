/**
 * The layers run one way (docs/architecture.md): routes -> services ->
 * repositories + domain; the domain imports nothing; only src/config.ts reads
 * the environment. The rules run on the real tree, and on made-up files to
 * show that each one can fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, layerViolations, type SourceFile } from './rules';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

function sources(dir: string): SourceFile[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const p = join(root, dir, name);
    if (statSync(p).isDirectory()) return sources(relative(root, p));
    if (!/\.(ts|js)$/.test(name)) return [];
    return [{ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }];
  });
}

describe('the layers of the tree', () => {
  const files = [...sources('src'), ...sources('web')];

  it('finds the source files', () => {
    expect(files.filter((f) => f.path.endsWith('.routes.ts')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.path.endsWith('.repository.ts')).length).toBeGreaterThan(5);
  });

  it('break no rule', () => {
    expect(layerViolations(files)).toEqual([]);
  });
});

describe('each rule catches what it forbids', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const cases: Array<[string, SourceFile]> = [
    [
      'a route calling a repository',
      file('src/features/questions/questions.routes.ts', "import * as repo from './questions.repository';"),
    ],
    [
      'a route reading the database',
      file('src/features/questions/questions.routes.ts', "import { questions } from '../../db/schema';"),
    ],
    [
      'a service importing the HTTP layer',
      file('src/features/scores/scores.service.ts', "import { requireUser } from '../../http/auth';"),
    ],
    [
      'a repository importing an HTTP type',
      file('src/features/accounts/accounts.repository.ts', "import type { AppEnv } from '../../http/router';"),
    ],
    [
      'a repository calling a service',
      file(
        'src/features/forecasts/forecasts.repository.ts',
        "import { getQuestion } from '../questions/questions.service';",
      ),
    ],
    [
      'a service mounting routes',
      file('src/features/scores/scores.service.ts', "import { questionsRoutes } from '../questions/questions.routes';"),
    ],
    ['the domain importing zod', file('src/domain/questions.ts', "import { z } from 'zod';")],
    [
      'the domain importing a feature',
      file('src/domain/access.ts', "import type { UserDto } from '../features/accounts/accounts.schemas';"),
    ],
    ['the domain reading the clock', file('src/domain/questions.ts', 'const now = Date.now();')],
    [
      'the database layer importing a feature',
      file('src/db/bulk.ts', "import { recordAudit } from '../features/audit/audit.repository';"),
    ],
    ['a CLI reading the environment', file('src/cli/demo.ts', 'const dir = process.env.RECKON_DEMO_DATA_DIR;')],
    [
      'a page importing server code at run time',
      file('web/pages/question.js', "import { brier } from '../../src/domain/scoring/brier.js';"),
    ],
  ];
  it.each(cases)('%s', (_name, f) => {
    expect(layerViolations([f])).toHaveLength(1);
  });

  it('allows what the layers allow', () => {
    const fine = [
      file(
        'src/features/questions/questions.routes.ts',
        "import * as service from './questions.service';\nimport { requireUser } from '../../http/auth';",
      ),
      file(
        'src/features/questions/questions.service.ts',
        "import * as repo from './questions.repository';\nimport { keyFromTitle } from '../../domain/keys';",
      ),
      file(
        'src/features/questions/questions.repository.ts',
        "import type { Db } from '../../db/client';\nimport { questions } from '../../db/schema';",
      ),
      file('src/config.ts', 'export const env = process.env;'),
      file('web/types.d.ts', "import type { QuestionDto } from '../src/features/questions/questions.schemas';"),
      file('web/pages/question.js', "import { h } from '../dom.js';"),
    ];
    expect(layerViolations(fine)).toEqual([]);
  });

  it('reads type-only and dynamic imports', () => {
    expect(importsOf(file('src/a/b.ts', "import type { X } from '../c';\nconst m = await import('./d.js');"))).toEqual([
      { target: 'src/c', typeOnly: true },
      { target: 'src/a/d', typeOnly: false },
    ]);
  });
});
