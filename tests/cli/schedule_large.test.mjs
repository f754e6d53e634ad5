// schedule_large.test.mjs — scale: a generated event of 2,000 participants, 20,000
// requested meetings, 24 slots, 300 tables, 5 languages and 40 interpreters must be
// scheduled in under 10 s with at least 99 % of the upper bound placed, nobody with
// more than 2 breaks, and the result must pass the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateEvent } from '../data/sched/gen-event.mjs';

const KOPIR = process.env.KOPIR;
const tmp = mkdtempSync(path.join(tmpdir(), 'kopir-sched-large-'));

test('a 2,000-participant event in under 10 s', () => {
  const event = generateEvent();
  assert.equal(event.participants.length, 2000);
  assert.equal(event.meetings.length, 20000);
  assert.equal(event.languages.length, 5);
  assert.equal(event.interpreters.length, 40);
  const problem = path.join(tmp, 'event.json');
  writeFileSync(problem, JSON.stringify(event));
  const started = Date.now();
  const r = spawnSync(KOPIR, [ 'schedule', problem, '--allow-unplaced', '--time-limit', '6', '--json' ],
                      { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (Date.now() - started) / 1000;
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.status, 'feasible');
  assert.ok(wall < 10, `took ${wall} s`);
  assert.ok(res.seconds < 10);
  assert.equal(res.upper_bound_placed, 7200); // 24 slots x 300 tables is the binding bound
  assert.ok(res.placed >= Math.ceil(0.99 * res.upper_bound_placed), `placed ${res.placed}`);
  assert.ok(res.max_breaks <= 2, `max breaks ${res.max_breaks}`);
  assert.equal(res.meetings.length + res.unplaced.length, 20000);
  for (const u of res.unplaced) assert.ok([ 'participant', 'tables', 'interpreter', 'precedence', 'fairness' ].includes(u.reason));
  const out = path.join(tmp, 'result.json');
  writeFileSync(out, r.stdout);
  const c = spawnSync(KOPIR, [ 'schedule', '--check', problem, out, '--allow-unplaced' ], { encoding: 'utf8' });
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /^ok: feasible, \d+\/20000 meetings placed/);
});

test('--exact on an event too large for the SAT model: the heuristic gets the whole limit, and says so', () => {
  const event = generateEvent();
  const problem = path.join(tmp, 'event-exact.json');
  writeFileSync(problem, JSON.stringify(event));
  const r = spawnSync(KOPIR, [ 'schedule', problem, '--allow-unplaced', '--exact', '--time-limit', '3', '--json' ],
                      { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, KOPIR_LANG: 'en' } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, 'kopir: This event is too large for --exact: the heuristic schedules it for the whole ' +
                         'time limit, without a proof of optimality.\n');
  const res = JSON.parse(r.stdout);
  assert.equal(res.status, 'feasible');
  // Before, the exact mode gave up after its 0.075 s warm-up and returned that schedule.
  assert.ok(res.seconds >= 2.9, `stopped after ${res.seconds} s`);
  assert.equal(res.placed, 7200);
  assert.ok(res.max_breaks <= 2, `max breaks ${res.max_breaks}`);
});

test('the time limit holds on 100,000 meetings with 10,000 interpreters', () => {
  // Before, listing each meeting's interpreters cost meetings x interpreters checks
  // (6 s here) before the search even looked at the clock.
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const langs = [ 'kk', 'ru', 'zh', 'en', 'tr' ];
  const participants = Array.from({ length: 20000 }, () => ({ languages: [ langs[rnd(5)] ] }));
  const meetings = Array.from({ length: 100000 }, () => {
    const a = 1 + rnd(20000);
    let b = 1 + rnd(20000);
    if (b === a) b = a % 20000 + 1;
    return { a, b };
  });
  const interpreters = Array.from({ length: 10000 }, () => ({ pairs: [ [ langs[rnd(5)], langs[rnd(5)] ] ] }));
  const problem = path.join(tmp, 'huge.json');
  writeFileSync(problem, JSON.stringify({ slots: 64, morning: 32, tables: 5000, participants, meetings, interpreters }));
  const r = spawnSync(KOPIR, [ 'schedule', problem, '--allow-unplaced', '--time-limit', '1', '--json' ],
                      { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.ok(res.seconds < 1.5, `solving took ${res.seconds} s for a 1 s limit`);
  assert.equal(res.meetings.length + res.unplaced.length, 100000);
});

test('--allow-unplaced leaves out no meeting that fits: a free table, both sides free, nobody over 2 breaks', () => {
  // One insertion pass left such meetings out (268 here: placing a later one can close
  // a gap that an earlier one needed) and named "fairness" as their reason.
  let seed = 11;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const participants = Array.from({ length: 10000 }, () => ({}));
  const meetings = Array.from({ length: 50000 }, () => {
    const a = 1 + rnd(10000);
    let b = 1 + rnd(10000);
    if (b === a) b = a % 10000 + 1;
    return { a, b };
  });
  const problem = path.join(tmp, 'dense.json');
  writeFileSync(problem, JSON.stringify({ slots: 64, morning: 32, tables: 2000, participants, meetings }));
  const r = spawnSync(KOPIR, [ 'schedule', problem, '--allow-unplaced', '--time-limit', '3', '--json' ],
                      { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.ok(res.unplaced.length > 0, 'the instance must leave meetings out');
  const busy = new Map(), count = new Array(64).fill(0);
  for (const m of res.meetings) {
    for (const q of [ m.a, m.b ]) busy.set(q, (busy.get(q) || new Set()).add(m.slot));
    count[m.slot - 1]++;
  }
  const breaks = (set) => {
    const s = [ ...set ].sort((x, y) => x - y);
    let n = 0;
    for (let i = 1; i < s.length; i++) if (s[i] - s[i - 1] > 1) n++;
    return n;
  };
  let fits = 0;
  for (const u of res.unplaced) {
    const A = busy.get(u.a) || new Set(), B = busy.get(u.b) || new Set();
    for (let t = 1; t <= 64; t++) {
      if (A.has(t) || B.has(t) || count[t - 1] >= 2000) continue;
      if (breaks(new Set([ ...A, t ])) <= 2 && breaks(new Set([ ...B, t ])) <= 2) { fits++; break; }
    }
  }
  assert.equal(fits, 0, `${fits} unplaced meetings fit somewhere`);
});

test('the time limit holds for --exact on 3,000 meetings, a model of millions of clauses', () => {
  // Before, encoding a second fairness level, CaDiCaL's elimination rounds on it and
  // freeing it ran 1-4 s past limits of 2-8 s (found by a black-box review).
  const event = generateEvent({ participants: 400, meetings: 3000, slots: 20, tables: 100, interpreters: 20, seed: 5 });
  const problem = path.join(tmp, 'mid.json');
  writeFileSync(problem, JSON.stringify(event));
  for (const limit of [ 1, 3 ]) {
    const started = Date.now();
    const r = spawnSync(KOPIR, [ 'schedule', problem, '--allow-unplaced', '--exact', '--time-limit', String(limit), '--json' ],
                        { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = (Date.now() - started) / 1000;
    assert.equal(r.status, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.equal(res.status, 'feasible');
    // the limit plus process start, reading and printing (0.1 s here); sanitizer builds run slower
    assert.ok(wall < limit + 1, `limit ${limit} s, took ${wall} s`);
    const out = path.join(tmp, `mid-${limit}.json`);
    writeFileSync(out, r.stdout);
    const c = spawnSync(KOPIR, [ 'schedule', '--check', problem, out, '--allow-unplaced' ], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
  }
});
