// orgs_csv.test.mjs — CSV import (all-or-nothing by default, skip-invalid on request,
// a per-row report) and export of the filtered list, through the web and the CLI, with
// the stored state checked through the API after each step.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { badBin, bin, uscc } from '../lib/ident.mjs';
import { csrfFrom, kopir, startServer, stopServer, textOf } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
const HEADER = 'kind,country,identifier,name_kk,name_ru,name_zh,name_en,short_name_kk,short_name_ru,short_name_zh,' +
    'short_name_en,region,district,address,website,sectors,description_kk,description_ru,description_zh,description_en,parent_identifier';
let srv, coord;
before(async () => {
    srv = await startServer();
    coord = srv.api('coordinator');
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const total = async () => (await srv.api('admin').get(`${ORGS}?state=all&per_page=1`)).json.total;
const find = async (q) => (await coord.get(`${ORGS}?q=${encodeURIComponent(q)}`)).json;

/** A CSV with two good rows and one row with a bad BIN (line 3), tagged with tag. */
function mixedCsv(tag, n) {
    return ['kind,country,identifier,name_ru,name_zh,sectors',
        `company,KZ,${bin(n)},ТОО «Импорт ${tag} один»,,C;E`,
        `company,KZ,${badBin(n + 1)},ТОО «Импорт ${tag} плохой»,,`,
        `company,CN,${uscc(n + 2)},,"进口${tag}公司, 第二",c`].join('\n') + '\n';
}

/** Posts a CSV to /LANG/orgs/import as a browser would (multipart). */
async function importViaWeb(c, lang, csv, skipInvalid) {
    const page = await c.get(`/${lang}/orgs/import`);
    assert.equal(page.status, 200);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    const fd = new FormData();
    fd.append('_csrf', csrfFrom(page.text));
    fd.append('file', new Blob([csv], { type: 'text/csv' }), 'orgs.csv');
    if (skipInvalid) fd.append('skip_invalid', '1');
    return c.post(`/${lang}/orgs/import`, { body: fd });
}

describe('CSV import through the web', () => {
    let c;
    before(async () => { c = await srv.loginAs('coordinator', 'ru'); });

    it('by default a file with a bad row imports nothing and reports the row and column', async () => {
        const before = await total();
        const res = await importViaWeb(c, 'ru', mixedCsv('А', 500), false);
        assert.equal(res.status, 422);
        const text = textOf(res.text);
        assert.match(text, /\b3\b/, 'the bad line number');
        assert.match(text, /identifier/, 'the column');
        assert.match(text, /[А-Яа-я]{5}/, 'a Russian message');
        assert.equal(await total(), before, 'nothing imported');
    });

    it('with skip-invalid the good rows are imported and the bad one reported', async () => {
        const before = await total();
        const res = await importViaWeb(c, 'zh', mixedCsv('Б', 510), true);
        assert.ok(res.status === 200 || res.status === 303, `status ${res.status}`);
        const report = res.status === 303 ? await c.get(res.location, { follow: 2 }) : res;
        assert.match(textOf(report.text), /\b3\b/, 'the rejected line is reported');
        assert.equal(await total(), before + 2);
        const one = await find('Импорт Б один');
        assert.equal(one.total, 1);
        assert.equal(one.items[0].identifier, bin(510));
        assert.deepEqual(one.items[0].sectors, ['C', 'E']);
        const two = await find('进口Б公司');
        assert.equal(two.total, 1);
        assert.equal(two.items[0].name.zh, '进口Б公司, 第二', 'quoted comma kept');
        assert.deepEqual(two.items[0].sectors, ['C']);
        assert.equal((await find('Импорт Б плохой')).total, 0);
    });

    it('a file that is not UTF-8 or has a broken structure imports nothing', async () => {
        const before = await total();
        const latin1 = Buffer.concat([Buffer.from('kind,country,name_ru\ncompany,KZ,'), Buffer.from([0xc0, 0xe1, 0xe2]), Buffer.from('\n')]);
        assert.equal((await importViaWeb(c, 'kk', latin1, true)).status, 422);
        const unclosed = 'kind,country,name_ru\ncompany,KZ,"ТОО Незакрытая\n';
        assert.equal((await importViaWeb(c, 'kk', unclosed, true)).status, 422);
        const unknownColumn = 'kind,country,name_ru,colour\ncompany,KZ,ТОО Цвет,red\n';
        assert.equal((await importViaWeb(c, 'kk', unknownColumn, true)).status, 422);
        assert.equal(await total(), before);
    });
});

describe('CSV import through the CLI', () => {
    let dir;
    before(() => { dir = fs.mkdtempSync(path.join(srv.dir, 'csv-')); });

    it('all-or-nothing: exit 1, FILE:LINE: column: message on stderr, nothing imported', async () => {
        const before = await total();
        const file = path.join(dir, 'mixed.csv');
        fs.writeFileSync(file, mixedCsv('В', 520));
        const r = await kopir(['org', 'import', file, '--db', srv.db]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: identifier: `));
        assert.match(r.stderr, /Rows read: 3, imported: 0, rejected: 1\./);
        assert.equal(await total(), before);
    });

    it('--skip-invalid imports the good rows and exits 0', async () => {
        const before = await total();
        const file = path.join(dir, 'mixed2.csv');
        fs.writeFileSync(file, mixedCsv('Г', 530));
        const r = await kopir(['org', 'import', file, '--skip-invalid', '--db', srv.db]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, /Rows read: 3, imported: 2, rejected: 1\./);
        assert.equal(await total(), before + 2);
        assert.equal((await find('Импорт Г один')).total, 1);
    });

    it('a missing file is a clear error with exit 1', async () => {
        const r = await kopir(['org', 'import', path.join(dir, 'nope.csv'), '--db', srv.db]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^kopir: .*nope\.csv/m);
    });
});

describe('CSV export', () => {
    before(async () => {
        for (const [i, name] of ['Экспорт Альфа', 'Экспорт Бета', '=HYPERLINK("x")'].entries()) {
            const res = await coord.post(ORGS, { kind: 'foundation', country: 'KZ', identifier: bin(600 + i),
                name: { ru: name }, sectors: ['P'] });
            assert.equal(res.status, 201, res.text);
        }
    });

    it('the web export is the filtered list as CSV', async () => {
        const res = await srv.client().get(`/ru/orgs/export.csv?q=${encodeURIComponent('Экспорт')}`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type'), /^text\/csv/);
        assert.match(res.headers.get('content-disposition') || '', /^attachment/);
        const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
        assert.equal(lines[0], HEADER);
        assert.equal(lines.length, 3, lines.join('\n'));
        assert.ok(lines[1].includes('Экспорт Альфа') && lines[2].includes('Экспорт Бета'));
        assert.ok(lines[1].startsWith(`foundation,KZ,${bin(600)},`));
    });

    it('formula-looking values are exported with a leading apostrophe', async () => {
        const res = await srv.client().get(`/ru/orgs/export.csv?kind=foundation&sector=P`);
        assert.match(res.text, /"'=HYPERLINK\(""x""\)"|'=HYPERLINK/);
    });

    it('the CLI export equals the web export for the same filter', async () => {
        const web = await srv.client().get(`/ru/orgs/export.csv?q=${encodeURIComponent('Экспорт')}`);
        const cli = await kopir(['org', 'export', '--q', 'Экспорт', '--db', srv.db]);
        assert.equal(cli.code, 0, cli.stderr);
        assert.equal(cli.stdout.replace(/^\uFEFF/, ''), web.text.replace(/^\uFEFF/, ''));
    });

    it('export then import into a fresh database gives the same organisations', async () => {
        const out = path.join(srv.dir, 'all.csv');
        const exp = await kopir(['org', 'export', '--out', out, '--db', srv.db]);
        assert.equal(exp.code, 0, exp.stderr);
        const db2 = path.join(srv.dir, 'copy.db');
        assert.equal((await kopir(['init', '--db', db2])).code, 0);
        const imp = await kopir(['org', 'import', out, '--db', db2]);
        assert.equal(imp.code, 0, imp.stderr);
        const again = path.join(srv.dir, 'again.csv');
        assert.equal((await kopir(['org', 'export', '--out', again, '--db', db2])).code, 0);
        assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(out, 'utf8'));
    });
});
