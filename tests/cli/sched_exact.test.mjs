// sched_exact.test.mjs — `kopir schedule --exact` end to end on some of the quicker
// original benchmark instances: proven optimal with fairness 2 within 10 s, the lower
// bound equal to the breaks, and the schedule accepted by `kopir schedule --check`;
// plus a variant that is proven infeasible and a tiny JSON problem with interpreters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kopir } from '../lib/server.mjs';

const ROOT = process.env.KOPIR_ROOT;
const BENCH = path.join(ROOT, '..', 'shared', 'benchmarks', 'b2bsp');
const tmp = mkdtempSync(path.join(tmpdir(), 'kopir-sched-exact-'));

// Solves exactly, expects a proven optimum, checks the schedule with the CLI checker.
async function exactOptimal(file, expectBreaks) {
  const name = path.basename(file);
  const r = await kopir([ 'schedule', file, '--exact', '--fairness', '2', '--time-limit', '10', '--json' ]);
  assert.equal(r.code, 0, `${name}: exit ${r.code}: ${r.stderr}`);
  const res = JSON.parse(r.stdout);
  assert.equal(res.status, 'optimal', `${name}: status ${res.status}`);
  assert.equal(res.lower_bound, res.total_breaks, `${name}: lower bound ${res.lower_bound} vs ${res.total_breaks}`);
  if (expectBreaks !== undefined) assert.equal(res.total_breaks, expectBreaks, `${name}: breaks`);
  assert.ok(res.max_breaks - res.min_breaks <= 2, `${name}: fairness`);
  const out = path.join(tmp, `${name}.json`);
  writeFileSync(out, r.stdout);
  const c = await kopir([ 'schedule', '--check', file, out, '--fairness', '2' ]);
  assert.equal(c.code, 0, `${name}: check failed: ${c.stdout}${c.stderr}`);
  return res;
}

const quick = [
  [ 'tic-12.original.dzn', 0 ],
  [ 'tic-13crafb.original.dzn', 0 ],
  [ 'tic-14crafd.original.dzn', 0 ],
  [ 'forumt-14.original.dzn', 5 ],
  [ 'forumt-14crafd.original.dzn', 4 ],
  // the heuristic alone does not prove these: the SAT search has to
  [ 'forumt-14crafe.original.dzn', 5 ],
  [ 'tic-14crafc.original.dzn', 0 ],
];
for (const [ file, breaks ] of quick) {
  test(`exact: ${file} proven optimal with ${breaks} breaks`, async () => {
    await exactOptimal(path.join(BENCH, 'data_table03_origin', file), breaks);
  });
}

test('exact: a variant with too few usable slots is proven infeasible', async () => {
  const file = path.join(BENCH, 'data_table06_forb', 'tic-12.forb0003.dzn');
  const r = await kopir([ 'schedule', file, '--exact', '--fairness', '2', '--time-limit', '10', '--json' ]);
  const res = JSON.parse(r.stdout);
  assert.equal(res.status, 'infeasible', `status ${res.status}: ${r.stderr}`);
});

test('infeasible by a quick check: the readable output says why, in the reader\'s language', async () => {
  // participant 1 of tic-12 has 8 meetings and 8 slots; this variant forbids one of them
  const file = path.join(BENCH, 'data_table06_forb', 'tic-12.forb0003.dzn');
  const expect = {
    en: [ 'infeasible: no schedule', 'participant 1 has 8 meetings but only 7 usable slots' ],
    kk: [ 'шешімі жоқ: кесте жоқ', '1-қатысушының кездесулері 8, ал жарамды уақыт аралықтары тек 7' ],
  };
  for (const [ lang, [ summary, reason ] ] of Object.entries(expect)) {
    for (const mode of [ [], [ '--exact' ] ]) {
      const r = await kopir([ 'schedule', file, ...mode, '--time-limit', '5' ], { env: { KOPIR_LANG: lang } });
      assert.equal(r.code, 3, `${lang} ${mode}: exit ${r.code}: ${r.stderr}`);
      const lines = r.stdout.trim().split('\n');
      assert.equal(lines.length, 2, r.stdout);
      assert.ok(lines[0].startsWith(summary), lines[0]);
      assert.equal(lines[1], reason);
      assert.equal(r.stderr, '');
    }
  }
  // an event too large for the SAT model, but a quick check proves it infeasible: no note
  // that the result carries no proof (it does), only the reason
  const big = path.join(tmp, 'big.json');
  writeFileSync(big, JSON.stringify({
    slots: 64, tables: 1, participants: Array.from({ length: 5000 }, () => ({})),
    meetings: Array.from({ length: 8000 }, (_, i) => ({ a: (i % 2500) + 1, b: 2501 + ((i * 7) % 2500) })),
  }));
  const b = await kopir([ 'schedule', big, '--exact', '--time-limit', '5' ], { env: { KOPIR_LANG: 'en' } });
  assert.equal(b.code, 3, b.stderr);
  assert.equal(b.stderr, '');
  assert.match(b.stdout, /^infeasible: no schedule, [0-9.]+ s\nmore meetings than places for them: meetings 8000, places 64 \(slots 64 × tables 1\)\n$/);
  // proven infeasible by the SAT search, not by a quick check: the summary alone
  const sat = path.join(BENCH, 'data_table07_fixed', 'tic-12.fixed040-Forb.dzn');
  const r = await kopir([ 'schedule', sat, '--exact', '--time-limit', '10' ], { env: { KOPIR_LANG: 'en' } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /^infeasible: no schedule, [0-9.]+ s\n$/);
});

test('exact: interpreters are assigned and the optimum is proven', async () => {
  // P1 (kk) meets P2 (zh) and P3 (zh); one kk-zh interpreter works slots 1 and 2 only,
  // so the two meetings take slots 1 and 2 and nobody has a break.
  const problem = {
    slots: 4, tables: 2, languages: [ 'kk', 'zh' ],
    participants: [ { languages: [ 'kk' ] }, { languages: [ 'zh' ] }, { languages: [ 'zh' ] } ],
    meetings: [ { a: 1, b: 2 }, { a: 1, b: 3 } ],
    interpreters: [ { pairs: [ [ 'kk', 'zh' ] ], available: [ 1, 2 ] } ],
  };
  const file = path.join(tmp, 'interp.json');
  writeFileSync(file, JSON.stringify(problem));
  const r = await kopir([ 'schedule', file, '--exact', '--time-limit', '10', '--json' ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.status, 'optimal');
  assert.equal(res.total_breaks, 0);
  const slots = res.meetings.map((m) => m.slot).sort();
  assert.deepEqual(slots, [ 1, 2 ]);
  for (const m of res.meetings) assert.equal(m.interpreter, 1);
  const out = path.join(tmp, 'interp-result.json');
  writeFileSync(out, r.stdout);
  const c = await kopir([ 'schedule', '--check', file, out ]);
  assert.equal(c.code, 0, c.stdout + c.stderr);
});
