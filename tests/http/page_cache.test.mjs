// page_cache.test.mjs — the public organisation list comes from the page cache
// (src/web/page_cache.c) but is never stale: a write through the API, through the CLI
// (another process) or through a second `kopir serve` on the same database shows on the
// very next anonymous request; languages and logged-in views never share an answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server, freePort, kopirOk, startServer, stopServer } from '../lib/server.mjs';
import fs from 'node:fs';
import path from 'node:path';

const ORGS = '/api/v1/organisations';
let srv, other;
before(async () => {
    srv = await startServer();
    other = new Server(srv.dir, srv.db, await freePort());   // a second process, same database
    await other.spawn();
}, { timeout: 120000 });
after(async () => {
    if (other) {
        await other.stop();
        assert.equal(other.sanitizerReport(), '', 'sanitizer report from the second kopir serve');
    }
    await stopServer(srv, assert);
}, { timeout: 60000 });

const anon = async (s, p) => {
    const res = await fetch(s.base + p);
    assert.equal(res.status, 200);
    return res.text();
};
/** Asks often enough that every worker thread has the page cached; returns it. */
const warm = async (s, p) => {
    const first = await anon(s, p);
    for (let i = 0; i < 6; i++) assert.equal(await anon(s, p), first, 'the same answer each time');
    return first;
};
const count = (html) => Number((html.match(/class="count"[^>]*>[^0-9]*(\d+)/) || [])[1]);

describe('the anonymous organisation list', () => {
    it('shows a new organisation at once after an API write', async () => {
        const first = await warm(srv, '/ru/orgs?per_page=50');
        const res = await srv.api('admin').post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'ТОО «Кэш Первый»' } });
        assert.equal(res.status, 201);
        const next = await anon(srv, '/ru/orgs?per_page=50');
        assert.ok(next.includes('ТОО «Кэш Первый»'), 'the new organisation is listed');
        assert.equal(count(next), count(first) + 1);
    });

    it('shows a change made by another process (CLI import) at once', async () => {
        const before = await warm(srv, '/ru/orgs?per_page=50');
        const csv = path.join(srv.dir, 'cache.csv');
        fs.writeFileSync(csv, 'kind,country,name_ru\ncompany,KZ,ТОО «Кэш Импорт»\n');
        await kopirOk(['org', 'import', csv, '--db', srv.db]);
        const after = await anon(srv, '/ru/orgs?per_page=50');
        assert.ok(after.includes('ТОО «Кэш Импорт»'));
        assert.equal(count(after), count(before) + 1);
    });

    it('shows a write through a second server on the same database at once, both ways', async () => {
        await warm(srv, '/ru/orgs?per_page=50');
        await warm(other, '/ru/orgs?per_page=50');
        const id = (await srv.api('admin').post(ORGS, { kind: 'company', country: 'CN', name: { ru: 'ТОО «Кэш Второй»' } })).json.id;
        assert.ok((await anon(other, '/ru/orgs?per_page=50')).includes('ТОО «Кэш Второй»'));
        await warm(srv, '/ru/orgs?per_page=50');
        const archived = await fetch(`${other.base}${ORGS}/${id}/archive`, {
            method: 'POST', headers: { Authorization: `Bearer ${srv.tokens.admin}` },
        });
        assert.ok(archived.status < 300, `archive: ${archived.status}`);
        assert.ok(!(await anon(srv, '/ru/orgs?per_page=50')).includes('ТОО «Кэш Второй»'));
    });

    it('keeps languages and queries apart', async () => {
        await srv.api('admin').post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'ТОО «Кэш Язык»', kk: '«Кэш Тіл» ЖШС' } });
        for (let i = 0; i < 2; i++) {
            const ru = await anon(srv, '/ru/orgs?q=%D0%BA%D1%8D%D1%88');
            const kk = await anon(srv, '/kk/orgs?q=%D0%BA%D1%8D%D1%88');
            assert.ok(ru.includes('ТОО «Кэш Язык»') && !ru.includes('«Кэш Тіл» ЖШС'));
            assert.ok(kk.includes('«Кэш Тіл» ЖШС'));
            const none = await anon(srv, '/ru/orgs?q=%D0%BD%D0%B5%D1%82%D1%82%D0%B0%D0%BA%D0%BE%D0%B3%D0%BE');
            assert.equal(count(none), 0);
        }
    });

    it('never hands a logged-in view to the public or the other way round', async () => {
        const coord = await srv.loginAs('coordinator', 'ru');
        await warm(srv, '/ru/orgs');
        const mine = await coord.get('/ru/orgs');
        assert.ok(mine.text.includes('/ru/orgs/new'), 'the coordinator sees "Add an organisation"');
        const pub = await anon(srv, '/ru/orgs');
        assert.ok(!pub.includes('/ru/orgs/new'), 'the public does not');
        assert.ok(!pub.includes('name="state"'), 'nor the archive filter');
    });
});
