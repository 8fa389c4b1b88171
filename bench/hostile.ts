/**
 * npm run bench:hostile: hostile archives against the streaming parser. For
 * 10 MB and 30 MB of "[" inside `teams` (and one 30 MB string), prints the
 * answer, how much of the input was read, the time and the process's RSS
 * before and after. Before the caps, 10 MB of "[" took the server from 0.9 to
 * 2.1 GB before its 400.
 */
import { Readable } from 'node:stream';
import { parseArchive } from '../src/features/archive/archive.parse';

const MB = 1024 * 1024;

function hostile(head: string, fill: string, total: number, counter: { read: number }): Readable {
  const piece = Buffer.from(fill.repeat(64 * 1024));
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        this.push(head);
        sent += head.length;
      } else if (sent < total) {
        this.push(piece);
        sent += piece.length;
      } else this.push(null);
      counter.read = sent;
    },
  });
}

const rss = () => `${(process.memoryUsage().rss / MB).toFixed(0)} MB`;
const cases: Array<[string, string, string, number]> = [
  ['10 MB of "[" in teams', '{"format":"reckon-archive","version":1,"teams":[', '[', 10 * MB],
  ['30 MB of "[" in teams', '{"format":"reckon-archive","version":1,"teams":[', '[', 30 * MB],
  ['a 30 MB string in a team', '{"format":"reckon-archive","version":1,"teams":[{"key":"a","name":"', 'x', 30 * MB],
];

for (const [name, head, fill, total] of cases) {
  const counter = { read: 0 };
  const before = rss();
  const start = performance.now();
  let answer: string;
  try {
    await parseArchive(hostile(head, fill, total, counter));
    answer = 'parsed (not refused!)';
  } catch (e) {
    answer = `refused: ${(e as Error).message}`;
  }
  const ms = (performance.now() - start).toFixed(0);
  console.log(`${name}: ${answer}`);
  console.log(`  read ${(counter.read / MB).toFixed(2)} of ${total / MB} MB in ${ms} ms; RSS ${before} -> ${rss()}`);
}
