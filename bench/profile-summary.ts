/**
 * Sums self time per function and per package from a V8 .cpuprofile (as
 * written by `node --cpu-prof`, e.g. LOAD_CPU_PROF_DIR of bench:load).
 *
 *   npx tsx bench/profile-summary.ts FILE.cpuprofile [top=25]
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 25);
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
prof.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));

/** node_modules/<package> (or "node:internal", "reckon src/…", "(program)"). */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node (internal)';
  const src = /\/(src|bench|web)\/(.*)$/.exec(url);
  return src ? `reckon ${src[1]}/${src[2]!.split('/').slice(0, 2).join('/')}` : url;
}

const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const { functionName, url, lineNumber } = n.callFrame;
  total += us;
  if (functionName === '(idle)') idle += us;
  const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench)\//, '$1/');
  const fn = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + us);
  const pkg = packageOf(url, functionName);
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const s = (us: number) => `${(us / 1e6).toFixed(2)} s`;
const pct = (us: number) => `${((100 * us) / (total - idle)).toFixed(1)}%`;
console.log(`${file}: ${s(total)} sampled, ${s(total - idle)} busy (${s(idle)} idle)\n`);
console.log('| package | self time | of busy |\n|---|---|---|');
for (const [k, v] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  if (k !== '(idle)') console.log(`| ${k} | ${s(v)} | ${pct(v)} |`);
}
console.log('\n| function | self time | of busy |\n|---|---|---|');
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  if (!k.startsWith('(idle)')) console.log(`| ${k} | ${s(v)} | ${pct(v)} |`);
}
