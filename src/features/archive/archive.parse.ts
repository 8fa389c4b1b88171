/**
 * Streams an archive document into memory-light form: the small sections as
 * objects, forecasts in typed columns (forecast-columns.ts), so a
 * 1,000,000-forecast archive (over 100 MB of JSON) is never held as text or
 * as a full object tree. Problems are collected with their places.
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { jsonParser } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import { getManyValues, isMany, none } from 'stream-chain/core';
import { fixUtf8Stream, whenReady } from 'stream-chain/utils/fixUtf8Stream.js';
import { DomainError, type DomainIssue } from '../../domain/errors';
import {
  ARCHIVE_VERSIONS,
  ArchiveClarification,
  ArchiveSuggestion,
  REQUIRED_SECTIONS,
  type ArchiveClarification as Clarification,
  type ArchiveSuggestion as Suggestion,
  ArchiveForecast,
  ArchiveQuestion,
  ArchiveResolution,
  ArchiveTeam,
  ArchiveUser,
  SECTIONS,
  type ArchiveResolution as Resolution,
  type ArchiveQuestion as Question,
  type ArchiveTeam as Team,
  type ArchiveUser as User,
  type Section,
} from './archive.schemas';
import { ForecastColumns } from './forecast-columns';

export interface ParsedArchive {
  format: unknown;
  version: unknown;
  teams: Array<{ index: number; item: Team }>;
  users: Array<{ index: number; item: User }>;
  questions: Array<{ index: number; item: Question }>;
  forecasts: ForecastColumns;
  resolutions: Array<{ index: number; item: Resolution }>;
  clarifications: Array<{ index: number; item: Clarification }>;
  suggestions: Array<{ index: number; item: Suggestion }>;
  /** How many items each section held, valid or not. */
  counts: Record<Section, number>;
  problems: DomainIssue[];
}

const schemas = {
  teams: ArchiveTeam,
  users: ArchiveUser,
  questions: ArchiveQuestion,
  resolutions: ArchiveResolution,
  clarifications: ArchiveClarification,
  suggestions: ArchiveSuggestion,
} as const;

/** Where a zod issue is, in docs/archive.md's notation: `forecasts[12].probabilities[2]`. */
export function place(section: string, index: number, path: ReadonlyArray<PropertyKey>): string {
  let s = `${section}[${index}]`;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return s;
}

/**
 * An item's zod issues as problems with places. zod reports the unknown keys
 * of a .strict() object once, at the object: name each field instead (as the
 * rest of the API does), `forecasts[3].weight`.
 */
function itemProblems(section: string, index: number, issues: ReadonlyArray<z.core.$ZodIssue>): DomainIssue[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: place(section, index, [...i.path, k]), message: 'is not a known field' }))
      : [{ path: place(section, index, i.path), message: i.message }],
  );
}

type Token = { name: string; value?: unknown };

/** How deep an archive may nest (the document, a section and its items): valid ones nest 4 deep. */
export const MAX_ARCHIVE_DEPTH = 16;
/** How many characters one item (or top-level value) may hold: a question's text is at most about 36,000. */
export const MAX_ITEM_CHARS = 1_000_000;

/** The parser's own markers around streamed strings, keys and numbers: only their chunks count. */
const MARKERS = new Set(['startString', 'endString', 'startKey', 'endKey', 'startNumber', 'endNumber']);

/**
 * Reads an archive from a byte stream. Rejects (with a parse error) on
 * malformed or truncated JSON; item-level problems are returned, not thrown.
 */
export async function parseArchive(source: Readable, onBytes?: (n: number) => void): Promise<ParsedArchive> {
  const out: ParsedArchive = {
    format: undefined,
    version: undefined,
    teams: [],
    users: [],
    questions: [],
    forecasts: new ForecastColumns(),
    resolutions: [],
    clarifications: [],
    suggestions: [],
    counts: { teams: 0, users: 0, questions: 0, forecasts: 0, resolutions: 0, clarifications: 0, suggestions: 0 },
    problems: [],
  };
  const seenTop = new Set<string>();
  let depth = 0;
  let key: string | null = null;
  let section: Section | null = null;
  let asm: Assembler | null = null;
  let topLevelKind: 'object' | 'other' | null = null;

  const onValue = (k: string, value: unknown) => {
    if (k === 'format') out.format = value;
    else if (k === 'version') out.version = value;
    else if (k === 'exportedAt') {
      /* informational */
    } else if ((SECTIONS as readonly string[]).includes(k)) {
      out.problems.push({ path: k, message: 'must be an array' });
    } else out.problems.push({ path: k, message: 'is not a field of the archive' });
  };

  const onItem = (s: Section, index: number, value: unknown) => {
    out.counts[s] = index + 1;
    if (s === 'forecasts') {
      const r = ArchiveForecast.safeParse(value);
      if (!r.success) {
        out.problems.push(...itemProblems(s, index, r.error.issues));
        return;
      }
      const f = r.data;
      out.forecasts.push({
        index,
        question: f.question,
        user: f.user,
        t: Date.parse(f.createdAt),
        probability: f.probability,
        probabilities: f.probabilities,
        rationale: f.rationale ?? null,
      });
      return;
    }
    const r = schemas[s].safeParse(value);
    if (!r.success) {
      out.problems.push(...itemProblems(s, index, r.error.issues));
      return;
    }
    (out[s] as Array<{ index: number; item: unknown }>).push({ index, item: r.data });
  };

  const counters: Record<string, number> = {};

  // Hostile input is refused while it streams, before it is assembled: an item is held whole, so
  // 10 MB of "[" would otherwise become millions of nested arrays, and one huge string one huge value.
  let itemChars = 0;
  let itemDepth = 0;
  const where = () => (section ? `${section}[${counters[section] ?? 0}]` : (key ?? ''));
  const refuse = (message: string): never => {
    const path = where();
    throw new DomainError('invalid_input', `The archive is refused: ${path || '(document)'} ${message}`, [
      { path, message },
    ]);
  };
  const count = (n: number) => {
    itemChars += n;
    if (itemChars > MAX_ITEM_CHARS) refuse(`is larger than ${MAX_ITEM_CHARS} characters`);
  };
  /** Tracks the nesting and size of the value being assembled. */
  const guard = (tok: Token) => {
    count(1);
    if (tok.name === 'startObject' || tok.name === 'startArray') {
      itemDepth++;
      if (itemDepth + depth > MAX_ARCHIVE_DEPTH) refuse(`nests deeper than ${MAX_ARCHIVE_DEPTH} levels`);
    } else if (tok.name === 'endObject' || tok.name === 'endArray') itemDepth--;
  };

  /** Feeds the assembler; a completed value is an item of the section, or a top-level field. */
  const assemble = (tok: Token) => {
    asm!.consume(tok as never);
    if (!asm!.done) return;
    const value = asm!.current;
    asm = null;
    itemChars = 0;
    if (section) {
      const i = counters[section] ?? 0;
      counters[section] = i + 1;
      onItem(section, i, value);
    } else if (key !== null) onValue(key, value);
  };

  const step = (tok: Token) => {
    if (tok.name === 'stringChunk' || tok.name === 'numberChunk') {
      count((tok.value as string).length);
      return none;
    }
    if (MARKERS.has(tok.name)) return none;
    if (asm) {
      guard(tok);
      assemble(tok);
      return none;
    }
    switch (tok.name) {
      case 'startObject':
        if (depth === 0) {
          depth = 1;
          topLevelKind = 'object';
          return none;
        }
        break;
      case 'startArray':
        if (depth === 0) {
          topLevelKind = 'other';
          throw new SyntaxError('the archive must be a JSON object, not an array');
        }
        if (depth === 1 && key !== null && (SECTIONS as readonly string[]).includes(key)) {
          section = key as Section;
          depth = 2;
          return none;
        }
        break;
      case 'endArray':
        if (depth === 2) {
          depth = 1;
          section = null;
          key = null;
          return none;
        }
        break;
      case 'endObject':
        if (depth === 1) {
          depth = 0;
          return none;
        }
        break;
      case 'keyValue':
        if (depth === 1) {
          key = String(tok.value);
          if (seenTop.has(key)) out.problems.push({ path: key, message: 'appears twice' });
          seenTop.add(key);
          return none;
        }
        break;
      default:
        if (depth === 0) {
          topLevelKind = 'other';
          throw new SyntaxError('the archive must be a JSON object');
        }
    }
    // Any other value at depth 1 or an item at depth 2: assemble it whole.
    asm = new Assembler();
    itemDepth = 0;
    guard(tok);
    assemble(tok);
    return none;
  };

  // The parser's own stages (decoding, then tokenizing) are called on each chunk
  // of the body, and its tokens handed to `step` in a plain loop: as stages of a
  // stream-chain pipeline, each of the ~40 million tokens of a 1,000,000-forecast
  // archive went through the pipeline's per-value dispatch, which cost about a
  // third of the reading time (docs/performance.md).
  await whenReady(); // fixUtf8Stream's faster decoder on Node
  const decode = fixUtf8Stream();
  const tokenize = jsonParser({ packValues: true, streamValues: true });
  const feed = (text: unknown) => {
    if (text === none || text === '') return;
    const out: unknown = tokenize(text as string);
    if (out === none) return;
    if (isMany(out)) for (const tok of getManyValues(out) as Token[]) step(tok);
    else step(out as Token);
  };
  try {
    for await (const chunk of source) {
      onBytes?.((chunk as Buffer).length);
      feed(decode(chunk));
    }
    feed(decode(none));
    const rest: unknown = tokenize(none as never);
    if (isMany(rest)) for (const tok of getManyValues(rest) as Token[]) step(tok);
    else if (rest !== none) step(rest as Token);
  } catch (e) {
    // Refused early: read no more of the body.
    source.destroy();
    throw e;
  }
  if (topLevelKind !== 'object' || depth !== 0) {
    throw new SyntaxError('the archive ends before its closing brace (truncated?)');
  }
  // Version 1 has no clarifications or suggestions; a version 2 archive without them has none.
  for (const s of REQUIRED_SECTIONS)
    if (!seenTop.has(s)) out.problems.push({ path: s, message: 'is missing (use [] for none)' });
  if (out.format !== 'reckon-archive') out.problems.push({ path: 'format', message: 'must be "reckon-archive"' });
  if (!(ARCHIVE_VERSIONS as readonly unknown[]).includes(out.version))
    out.problems.push({ path: 'version', message: 'must be 1 or 2 (the versions this server reads)' });
  return out;
}
