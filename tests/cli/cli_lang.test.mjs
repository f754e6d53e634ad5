// cli_lang.test.mjs — the command line speaks the operator's language: KOPIR_LANG, else
// the first of LC_ALL, LC_MESSAGES, LANG naming kk/ru/zh/en, else English; an unknown
// KOPIR_LANG is an error (exit 2). Error positions (FILE:LINE:COL), exit codes and the
// --json output do not depend on the language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const KOPIR = process.env.KOPIR;
const tmp = mkdtempSync(path.join(tmpdir(), 'kopir-lang-'));

/** Runs kopir with only PATH and the given variables in its environment. */
function kopir(args, env = {}) {
  const r = spawnSync(KOPIR, args, { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const badDzn = path.join(tmp, 'bad.dzn');
writeFileSync(badDzn, 'nBusiness = 2;\nnMeetings = 1\nnTables = 1;\n');

// Three participants, one table, two slots: one meeting stays unplaced (its two sides are
// never free at the same time); two placed is the most possible, with no break: optimal.
const small = path.join(tmp, 'small.json');
writeFileSync(small, JSON.stringify({
  slots: 2, morning: 1, tables: 1, participants: [{}, {}, {}],
  meetings: [{ a: 1, b: 2 }, { a: 1, b: 3 }, { a: 2, b: 3 }],
}));

test('a bad .dzn: same FILE:LINE:COL prefix and exit code, message in Russian', () => {
  const en = kopir(['schedule', badDzn]);
  const ru = kopir(['schedule', badDzn], { KOPIR_LANG: 'ru' });
  assert.equal(en.code, 1);
  assert.equal(ru.code, 1);
  assert.equal(en.err, `kopir: ${badDzn}:3:1: expected ';', got 'n'\n`);
  assert.equal(ru.err, `kopir: ${badDzn}:3:1: ожидался «;», получено «n»\n`);
});

test('LANG=kk_KZ.UTF-8 gives Kazakh messages', () => {
  const r = kopir(['init', '--db', '/dev/null/sub/x.db'], { LANG: 'kk_KZ.UTF-8' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: /dev/null/sub қалтасын құру мүмкін емес: жолдың бір бөлігі каталог емес\n');
  assert.equal(r.out, '');
});

test('order: KOPIR_LANG, then the first of LC_ALL, LC_MESSAGES, LANG naming one of ours', () => {
  const args = ['schedule', 'a', 'b'];
  const en = 'kopir: expected one PROBLEM file (see --help)\n';
  const ru = 'kopir: ожидался один файл PROBLEM (см. --help)\n';
  const zh = 'kopir: 应指定一个 PROBLEM 文件（参见 --help）\n';
  const kk = 'kopir: бір PROBLEM файлы күтілген (--help қараңыз)\n';
  const cases = [
    [{}, en],
    [{ LANG: 'ru_RU.UTF-8' }, ru],
    [{ LANG: 'ru_RU.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, zh],
    [{ LANG: 'ru_RU.UTF-8', LC_MESSAGES: 'zh_CN', LC_ALL: 'kk_KZ' }, kk],
    [{ LANG: 'ru_RU.UTF-8', LC_ALL: 'C.UTF-8' }, ru], // C names none of ours: skipped
    [{ LANG: 'de_DE.UTF-8' }, en],
    [{ LANG: 'ru_RU.UTF-8', KOPIR_LANG: 'en' }, en],
    [{ LANG: 'en_US.UTF-8', KOPIR_LANG: 'zh-CN' }, zh],
    [{ LANG: 'english' }, en], // "en" must be followed by _ . @ - or the end
    [{ LANG: 'russian' }, en],
  ];
  for (const [env, want] of cases) {
    const r = kopir(args, env);
    assert.equal(r.code, 2, JSON.stringify(env));
    assert.equal(r.err, want, JSON.stringify(env));
  }
});

test('an unknown KOPIR_LANG is an error (exit 2), said in the locale language', () => {
  const en = kopir(['version'], { KOPIR_LANG: 'de' });
  assert.equal(en.code, 2);
  assert.equal(en.out, '');
  assert.equal(en.err, "kopir: unknown language 'de' in KOPIR_LANG (kk, ru, zh or en)\n");
  const ru = kopir(['version'], { KOPIR_LANG: 'xx', LANG: 'ru_RU.UTF-8' });
  assert.equal(ru.code, 2);
  assert.equal(ru.err, 'kopir: неизвестный язык «xx» в KOPIR_LANG (kk, ru, zh или en)\n');
  assert.equal(kopir(['version'], { KOPIR_LANG: '' }).code, 0); // empty = unset
});

test('KOPIR_LANG=zh prints the schedule table in Chinese', () => {
  const r = kopir(['schedule', '--allow-unplaced', small], { KOPIR_LANG: 'zh' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  const lines = r.out.split('\n');
  assert.deepEqual(lines.slice(0, 3), [
    '时段  1（上午）：  T1 1-2',
    '时段  2（下午）：  T1 1-3',
    '会议 3（2-3）未安排：双方没有可用于该会议的共同空闲时段。',
  ]);
  assert.match(lines[3], /^最优：已安排会议 2\/3，空档 0（下界 0），最多 0，最少 0，\d+\.\d\d 秒$/);
  assert.equal(lines[4], '');
  assert.equal(lines.length, 5);
  const en = kopir(['schedule', '--allow-unplaced', small], { KOPIR_LANG: 'en' }).out.split('\n');
  assert.equal(en[2], 'Meeting 3 (2-3) is not placed: its two participants have no free slot in common that the meeting may use.');
  assert.match(en[3], /^optimal: 2\/3 meetings placed, breaks: 0 \(lower bound 0\), max 0, min 0, \d+\.\d\d s$/);
});

test('--json is the same in every language (but for the seconds)', () => {
  const strip = (text) => text.replace(/"seconds":[0-9.e+-]+/, '"seconds":0');
  const runs = ['en', 'kk', 'ru', 'zh'].map((l) => kopir(['schedule', '--allow-unplaced', '--json', small], { KOPIR_LANG: l }));
  for (const r of runs) assert.equal(r.code, 0, r.err);
  const en = strip(runs[0].out);
  assert.equal(JSON.parse(en).unplaced[0].reason, 'participant'); // 2 and 3 are never free together
  assert.equal(JSON.parse(en).unplaced[0].participant, null);
  assert.equal(JSON.parse(en).status, 'optimal'); // as many placed as tables allow, no break
  for (const r of runs.slice(1)) assert.equal(strip(r.out), en);
});

test('org import --lang still overrides KOPIR_LANG', () => {
  const missing = path.join(tmp, 'nope.csv');
  const r = kopir(['org', 'import', missing, '--lang', 'zh', '--db', path.join(tmp, 'x.db')], { KOPIR_LANG: 'ru' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `kopir: 无法打开 ${missing}：没有该文件或目录\n`);
  const bad = kopir(['org', 'import', missing, '--lang', 'fr'], { KOPIR_LANG: 'ru' });
  assert.equal(bad.code, 1);
  assert.equal(bad.err, 'kopir: неизвестный язык «fr» (kk, ru, zh или en)\n');
});

test('kopir help and --help are translated, option names are not', () => {
  const help = kopir(['help'], { KOPIR_LANG: 'kk' });
  assert.equal(help.code, 0);
  assert.match(help.out, /^ {2}init {7}дерекқорды құру немесе жаңарту$/m);
  assert.match(help.out, /^Хабарламалар KOPIR_LANG тілінде /m);
  const opt = kopir(['schedule', '--help'], { KOPIR_LANG: 'ru' });
  assert.equal(opt.code, 0);
  assert.match(opt.out, /^использование: kopir schedule PROBLEM /);
  assert.match(opt.out, /^ {2}--json {19}вывести результат одним объектом JSON$/m);
});

test('user list: translated column headers that line up by terminal columns', () => {
  const db = path.join(tmp, 'users.db');
  assert.equal(kopir(['init', '--db', db]).code, 0);
  const add = spawnSync(KOPIR, ['user', 'add', 'aigul', '--role', 'admin', '--db', db],
    { encoding: 'utf8', input: 'correct horse\n', env: { PATH: process.env.PATH } });
  assert.equal(add.status, 0, add.stderr);
  // Chinese characters take two columns: "编号" (4) pads to 6 like "ID", so the
  // values start in the same column in every language.
  const expect = {
    zh: '编号   用户名                   角色         机构   创建时间             归档时间',
    kk: 'ID     АТЫ                      РӨЛІ         ҰЙЫМ   ҚҰРЫЛҒАН             МҰРАҒАТТА',
    ru: 'ID     ИМЯ                      РОЛЬ         ОРГ.   СОЗДАН               В АРХИВЕ',
    en: 'ID     NAME                     ROLE         ORG    CREATED              ARCHIVED',
  };
  for (const [lang, head] of Object.entries(expect)) {
    const r = kopir(['user', 'list', '--db', db], { KOPIR_LANG: lang });
    assert.equal(r.code, 0, r.err);
    const [first, row] = r.out.split('\n');
    assert.equal(first, head, lang);
    assert.match(row, /^1      aigul                    admin        -      \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ -$/);
  }
});
