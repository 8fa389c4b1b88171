/**
 * Spreadsheet exports. csv-stringify quotes commas, quotes and newlines, and
 * escape_formulas defuses cells starting with = + - @ (formula injection),
 * leaving negative numbers as numbers.
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { isReviewer, type Actor } from '../../domain/access';
import { outcomeForApi } from '../../domain/questions';
import * as repo from './csv.repository';

const PAGE = 10_000;
const csv = (rows: unknown[][]) => stringify(rows, { escape_formulas: true, record_delimiter: 'windows' });

/** Leads and admins export every row; an analyst their own. */
const rowsOf = (viewer: Actor) => (isReviewer(viewer) ? undefined : viewer.id);

/** One row per forecast, in id order. */
export async function* forecastsCsv(db: Db, viewer: Actor): AsyncGenerator<string> {
  const userId = rowsOf(viewer);
  yield csv([['question', 'title', 'type', 'user', 'createdAt', 'probability', 'probabilities', 'rationale']]);
  let afterId = 0;
  for (;;) {
    const page = await repo.forecastRowsPage(db, afterId, PAGE, userId);
    if (page.length === 0) return;
    yield csv(
      page.map((f) => [
        f.key,
        f.title,
        f.type,
        f.handle,
        f.createdAt.toISOString(),
        f.type === 'binary' ? f.probs[1] : '',
        f.type === 'binary' ? '' : f.probs.join(';'),
        f.rationale ?? '',
      ]),
    );
    afterId = page[page.length - 1]!.id;
  }
}

/** One row per (question, analyst) score. */
export async function* scoresCsv(db: Db, viewer: Actor): AsyncGenerator<string> {
  const userId = rowsOf(viewer);
  yield csv([
    [
      'question',
      'title',
      'type',
      'tags',
      'user',
      'end',
      'outcome',
      'finalBrier',
      'timeWeightedBrier',
      'relativeBrier',
      'finalLogLoss',
      'crowdTimeWeightedBrier',
    ],
  ]);
  const rows = await repo.scoreRows(db, userId);
  for (let i = 0; i < rows.length; i += PAGE) {
    yield csv(
      rows
        .slice(i, i + PAGE)
        .map((r) => [
          r.key,
          r.title,
          r.type,
          r.tags.join(';'),
          r.handle,
          r.s.end.toISOString(),
          r.type === 'binary'
            ? outcomeForApi(r.type, { outcome: r.s.outcome, annulled: false })
            : (r.options?.[r.s.outcome] ?? String(r.s.outcome)),
          r.s.finalBrier,
          r.s.timeWeightedBrier,
          r.s.relativeBrier ?? '',
          r.s.finalLogLoss,
          r.crowd ?? '',
        ]),
    );
  }
}
