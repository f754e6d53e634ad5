// catalogs.test.mjs — the translation catalogs are complete and consistent: extracts every
// msgid from src/ with scripts/po-update into a temp dir, then checks that kk, ru, zh and
// en each translate every one (non-empty, not fuzzy), keep the printf conversions, have
// the right number of plural forms, that kk is real Kazakh rather than a copy of the
// Russian, and that msgfmt --check accepts each catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.env.KOPIR_ROOT;
const LANGS = { kk: 2, ru: 3, zh: 1, en: 2 }; // nplurals per language (domain.md)

// Reads a .po file into entries { ctxt, id, plural, strs[], flags[], fuzzy }.
// Obsolete (#~) entries are skipped.
function parsePo(text) {
  const entries = [];
  let cur = null, field = null, flags = [];
  const unq = (s) => JSON.parse(s.replace(/\\([abfv?'])|\\([0-7]{1,3})|\\x([0-9a-fA-F]{1,2})/g,
    (m, c, o, x) => c ? '\\u' + ({ a: 7, b: 8, f: 12, v: 11, '?': 63, "'": 39 }[c]).toString(16).padStart(4, '0')
      : '\\u' + parseInt(o || x, o ? 8 : 16).toString(16).padStart(4, '0')));
  const flush = () => {
    if (cur && cur.id !== undefined && cur.strs.length) entries.push(cur);
    cur = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line.startsWith('#~')) continue;
    if (line === '') { flush(); flags = []; continue; }
    if (line.startsWith('#')) {
      if (cur && cur.strs.length) flush();
      if (line.startsWith('#,')) flags.push(...line.slice(2).split(',').map((f) => f.trim()));
      continue;
    }
    if (line.startsWith('"')) {
      const v = unq(line);
      if (field === 'msgstr') cur.strs[cur.strs.length - 1] += v; else cur[field] += v;
      continue;
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$/.exec(line);
    assert.ok(m, `unparsable line: ${line}`);
    const [, kw, str] = m;
    if ((kw === 'msgid' || kw === 'msgctxt') && cur && cur.strs.length) flush();
    if (!cur) { cur = { strs: [], flags, fuzzy: flags.includes('fuzzy') }; flags = []; }
    if (kw.startsWith('msgstr')) { cur.strs.push(unq(str)); field = 'msgstr'; }
    else { field = { msgctxt: 'ctxt', msgid: 'id', msgid_plural: 'plural' }[kw]; cur[field] = unq(str); }
  }
  flush();
  return entries.filter((e) => e.id !== '');
}

// The printf conversions of a C format string, in order (without %%).
function conversions(s) {
  const re = /%(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|j|z|t)?[diouxXeEfFgGaAcspn%]/g;
  return (s.match(re) || []).filter((c) => c !== '%%');
}

const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;
const CYRILLIC = /[\u0400-\u04FF]/;

const work = mkdtempSync(join(tmpdir(), 'kopir-po-'));
let pot, catalogs;

test('po-update extracts the msgids of src/ into a .pot', () => {
  execFileSync(join(root, 'scripts/po-update'), ['--out', work], { stdio: 'pipe' });
  pot = parsePo(readFileSync(join(work, 'kopir.pot'), 'utf8'));
  assert.ok(pot.length > 0, 'no msgids found in src/');
  const ids = pot.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate msgids in the .pot');
  // Spot checks that the keywords _, N_ and ngettext_ are all extracted.
  assert.ok(ids.includes('The identifier is empty.'), 'N_() strings of ident.c missing');
  catalogs = {};
  for (const lang of Object.keys(LANGS)) {
    catalogs[lang] = new Map(parsePo(readFileSync(join(work, `${lang}.po`), 'utf8'))
      .map((e) => [e.id, e]));
  }
});

for (const lang of Object.keys(LANGS)) {
  test(`${lang}: every msgid is translated, not fuzzy, with the right plural forms`, () => {
    const missing = [], fuzzy = [], forms = [];
    for (const src of pot) {
      const e = catalogs[lang].get(src.id);
      if (!e || e.strs.some((s) => s === '')) { missing.push(src.id); continue; }
      if (e.fuzzy) fuzzy.push(src.id);
      const want = src.plural !== undefined ? LANGS[lang] : 1;
      if (e.strs.length !== want) forms.push(`${src.id} (${e.strs.length} forms, want ${want})`);
    }
    assert.deepEqual(missing, [], `${lang}: ${missing.length} untranslated msgids`);
    assert.deepEqual(fuzzy, [], `${lang}: fuzzy entries`);
    assert.deepEqual(forms, [], `${lang}: wrong number of plural forms`);
  });

  test(`${lang}: translations keep the printf conversions of the msgid`, () => {
    const bad = [];
    for (const src of pot) {
      const e = catalogs[lang].get(src.id);
      if (!e || !src.flags.includes('c-format')) continue;
      e.strs.forEach((s, i) => {
        // Form 0 of a plural entry may drop the number ("one file"), as gettext allows;
        // every other form must match msgid_plural exactly.
        const ref = src.plural !== undefined && (i > 0 || LANGS[lang] === 1) ? src.plural : src.id;
        const want = conversions(ref), got = conversions(s);
        const ok = JSON.stringify(got) === JSON.stringify(want) ||
          (src.plural !== undefined && i === 0 && LANGS[lang] > 1 && got.length === 0 && want.length === 1);
        if (!ok) bad.push(`${JSON.stringify(src.id)} [${i}]: ${want.join(' ')} -> ${got.join(' ')}`);
      });
    }
    assert.deepEqual(bad, [], `${lang}: conversions differ`);
  });

  test(`${lang}: msgfmt --check accepts po/${lang}.po and its merged copy`, () => {
    for (const f of [join(root, 'po', `${lang}.po`), join(work, `${lang}.po`)]) {
      execFileSync('msgfmt', ['--check', '-o', '/dev/null', f], { stdio: 'pipe' });
    }
  });
}

test('kk is written in Kazakh, not copied from the Russian', () => {
  const same = [];
  let cyr = 0, kazakh = 0;
  for (const src of pot) {
    const kk = catalogs.kk.get(src.id), ru = catalogs.ru.get(src.id);
    if (!kk || !ru) continue;
    const text = kk.strs.join(' ');
    if (!CYRILLIC.test(text)) continue;
    cyr++;
    if (KAZAKH_LETTERS.test(text)) kazakh++;
    if (kk.strs[0] === ru.strs[0]) same.push(src.id);
  }
  // A few words are the same in both languages; more than 5% means copying.
  assert.ok(same.length <= Math.max(2, Math.floor(cyr * 0.05)),
    `kk equals ru for ${same.length} of ${cyr} entries: ${same.join(' | ')}`);
  assert.ok(kazakh >= cyr * 0.5, `only ${kazakh} of ${cyr} kk entries use a Kazakh letter`);
});

test('zh is written in Chinese characters', () => {
  const noHan = [];
  for (const src of pot) {
    const zh = catalogs.zh.get(src.id);
    if (!zh || zh.strs[0] === '') continue; // reported by the completeness test
    // Strings made only of codes, numbers and punctuation need no Han character.
    if (/[A-Za-z]{3,}/.test(src.id.replace(/%\w+|https?:\/\/\S+|\b[a-z_]+_[a-z]+\b/g, '')) &&
        !/[\u4e00-\u9fff]/.test(zh.strs[0])) noHan.push(src.id);
  }
  assert.deepEqual(noHan, [], 'zh translations without Chinese text');
});

test('clean up', () => {
  rmSync(work, { recursive: true, force: true });
});
