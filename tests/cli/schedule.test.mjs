// schedule.test.mjs — `kopir schedule` end to end: the heuristic on every benchmark
// instance (all four folders), each schedule verified by `kopir schedule --check`;
// honest statuses for instances without a schedule; bad files and bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, existsSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kopir } from '../lib/server.mjs';

const KOPIR = process.env.KOPIR;
// The messages and the grid asserted here are English, whatever the machine's locale.
process.env.KOPIR_LANG = 'en';
const ROOT = process.env.KOPIR_ROOT;
const BENCH = path.join(ROOT, '..', 'shared', 'benchmarks', 'b2bsp');
const tmp = mkdtempSync(path.join(tmpdir(), 'kopir-sched-'));

function runSync(args) {
  const r = spawnSync(KOPIR, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function nMeetings(file) {
  const m = /nMeetings\s*=\s*(\d+)/.exec(spawnSync('head', ['-c', '200', file], { encoding: 'utf8' }).stdout);
  return Number(m[1]);
}

// Solves one instance and checks whatever it claims; returns the status.
async function solveAndCheck(file, limit) {
  const name = path.basename(file);
  const r = await kopir([ 'schedule', file, '--time-limit', String(limit), '--json', '--seed', '1' ]);
  assert.ok(r.code === 0 || r.code === 3, `${name}: exit ${r.code}: ${r.stderr}`);
  const res = JSON.parse(r.stdout);
  assert.ok([ 'optimal', 'feasible', 'infeasible', 'unknown' ].includes(res.status), `${name}: status ${res.status}`);
  if (res.status === 'infeasible' || res.status === 'unknown') {
    assert.equal(r.code, 3, name);
    assert.deepEqual(res.meetings, [], name);
    assert.equal(res.total_breaks, null, name);
    return res.status;
  }
  assert.equal(r.code, 0, name);
  assert.equal(res.meetings.length, nMeetings(file), `${name}: every meeting placed`);
  assert.equal(res.placed, res.meetings.length, name);
  assert.ok(res.max_breaks - res.min_breaks <= 2, `${name}: fairness`);
  assert.ok(res.lower_bound <= res.total_breaks, name);
  const out = path.join(tmp, `${name}.json`);
  writeFileSync(out, r.stdout);
  const c = await kopir([ 'schedule', '--check', file, out ]);
  assert.equal(c.code, 0, `${name}: check failed: ${c.stderr}`);
  assert.match(c.stdout, new RegExp(`^ok: ${res.status}, ${res.placed}/${res.placed} meetings placed, breaks: ${res.total_breaks}`));
  return res.status;
}

// Runs the instances of a folder two at a time.
async function folder(dir, limit) {
  const files = readdirSync(path.join(BENCH, dir)).filter((f) => f.endsWith('.dzn')).sort()
    .map((f) => path.join(BENCH, dir, f));
  const statuses = {};
  let next = 0;
  async function worker() {
    while (next < files.length) {
      const f = files[next++];
      statuses[path.basename(f)] = await solveAndCheck(f, limit);
    }
  }
  await Promise.all([ worker(), worker() ]);
  return statuses;
}

const skipBench = !existsSync(BENCH) && 'benchmark folder not found';

test('the 20 original instances all get a checked schedule', { skip: skipBench }, async () => {
  const st = await folder('data_table03_origin', 0.5);
  assert.equal(Object.keys(st).length, 20);
  for (const [ name, s ] of Object.entries(st)) assert.ok(s === 'feasible' || s === 'optimal', `${name}: ${s}`);
});

for (const dir of [ 'data_table06_forb', 'data_table07_fixed', 'data_table08_prec' ]) {
  test(`${dir}: every schedule passes the checker, other statuses are honest`, { skip: skipBench }, async () => {
    const st = await folder(dir, 0.2);
    assert.ok(Object.keys(st).length >= 40, dir);
  });
}

test('cheap proofs make instances infeasible', { skip: skipBench }, () => {
  // tic-12 has a participant with 8 meetings in 8 slots, one of them forbidden here;
  // in forum-13.prec25 a chain of precedences runs past the morning session.
  for (const f of [ 'data_table06_forb/tic-12.forb0003.dzn', 'data_table08_prec/forum-13.prec25.dzn' ]) {
    const r = runSync([ 'schedule', path.join(BENCH, f), '--json' ]);
    assert.equal(r.code, 3, f);
    assert.equal(JSON.parse(r.stdout).status, 'infeasible', f);
  }
});

test('readable output: a grid and a summary line', { skip: skipBench }, () => {
  const r = runSync([ 'schedule', path.join(BENCH, 'data_table03_origin', 'tic-12.original.dzn') ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 9);
  assert.match(lines[0], /^slot  1 \(morning\):( {2}T\d+ \d+-\d+){1,16}$/);
  assert.equal(lines[8], lines[8].match(/^optimal: 125\/125 meetings placed, breaks: 0 \(lower bound 0\), max 0, min 0, [0-9.]+ s$/)[0]);
});

test('bad .dzn file: exit 1 and FILE:LINE:COL', () => {
  const f = path.join(tmp, 'bad.dzn');
  writeFileSync(f, 'nBusiness = 2;\nnMeetings = 1\nnTables = 1;\n');
  const r = runSync([ 'schedule', f ]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `kopir: ${f}:3:1: expected ';', got 'n'\n`);
  assert.equal(r.stdout, '');
});

test('bad JSON problem: exit 1 and FILE:LINE:COL', () => {
  const f = path.join(tmp, 'bad.json');
  writeFileSync(f, '{"slots": 4, "tables": 1,\n "participants": [{}, {}],\n "meetings": [{"a": 1, "b": 3}]}');
  const r = runSync([ 'schedule', f, '--json' ]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `kopir: ${f}:3:29: meetings[1].b: expected an integer in 1..2\n`);
});

test('missing file and bad usage', () => {
  let r = runSync([ 'schedule', path.join(tmp, 'none.dzn') ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /none\.dzn: cannot open: no such file or directory/);
  r = runSync([ 'schedule' ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /expected one PROBLEM file/);
  r = runSync([ 'schedule', 'x.dzn', '--fairness', 'abc' ]);
  assert.equal(r.code, 2);
  r = runSync([ 'schedule', 'x.dzn', '--time-limit', '0' ]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--time-limit must be more than 0/);
  r = runSync([ 'schedule', '--check', 'x.dzn' ]);
  assert.equal(r.code, 2);
});

test('--check rejects a tampered schedule', { skip: skipBench }, () => {
  const problem = path.join(BENCH, 'data_table03_origin', 'tic-12.original.dzn');
  const r = runSync([ 'schedule', problem, '--json' ]);
  const res = JSON.parse(r.stdout);
  // Put meeting 2 into meeting 1's slot: participant 1 is in both.
  res.meetings[1].slot = res.meetings[0].slot;
  const f = path.join(tmp, 'tampered.json');
  writeFileSync(f, JSON.stringify(res));
  const c = runSync([ 'schedule', '--check', problem, f ]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /^kopir: check failed: (participant 1 has two meetings in slot \d+ \(meeting 2 among them\)|table \d+ is used twice in slot \d+ \(meeting 2 among them\))\n$/);
  writeFileSync(f, '{"status": "feasible",\n "meetings": [}');
  const bad = runSync([ 'schedule', '--check', problem, f ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /tampered\.json:2:15: /);
});

test('an output that cannot be written is an error, not a success', () => {
  // /dev/full takes nothing: the schedule (or the help) would be lost without a word
  const file = path.join(tmp, 'two.json');
  writeFileSync(file, JSON.stringify({ slots: 2, tables: 1, participants: [ {}, {}, {} ],
    meetings: [ { a: 1, b: 2 }, { a: 1, b: 3 } ] }));
  for (const args of [ [ 'schedule', file, '--json', '--time-limit', '1' ], [ 'schedule', file, '--time-limit', '1' ],
    [ 'schedule', '--help' ] ]) {
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(KOPIR, args, { encoding: 'utf8', stdio: [ 'ignore', full, 'pipe' ],
      env: { ...process.env, KOPIR_LANG: 'en' } });
    closeSync(full);
    assert.equal(r.status, 1, args.join(' '));
    assert.equal(r.stderr, 'kopir: cannot write the output (is the disk full, or was the reading end closed?)\n');
  }
});
