// org_history.test.mjs — the History section of /LANG/orgs/{id} reads as words in the
// page's language: the action ("Created", "Changed"...), the time in UTC with the zone
// shown, the author, each field by the label its form uses and coded values (kind,
// country, sectors, parent) by their labels; and /LANG/orgs/import marks the CSV column
// names as <code>.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bin } from '../lib/ident.mjs';
import { startServer, stopServer, textOf } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
let srv, id, parent;
before(async () => {
    srv = await startServer();
    const api = srv.api('coordinator');
    const p = await api.post(ORGS, { kind: 'company', country: 'KZ', identifier: bin(611),
        name: { kk: 'Ақжайық Холдинг', ru: 'Акжаик Холдинг', zh: '阿克扎伊克控股', en: 'Aqzhaiyq Holding' } });
    assert.equal(p.status, 201, p.text);
    parent = p.json.id;
    const c = await api.post(ORGS, { kind: 'training_centre', country: 'KZ', identifier: bin(612),
        name: { kk: 'Тасқала оқу орталығы', zh: '塔斯卡拉培训中心' }, sectors: ['P'] });
    assert.equal(c.status, 201, c.text);
    id = c.json.id;
    const u = await api.patch(`${ORGS}/${id}`, { kind: 'company', district: 'Тасқала ауданы', sectors: ['A', 'P'],
        parent_id: parent });
    assert.equal(u.status, 200, u.text);
    assert.equal((await api.post(`${ORGS}/${id}/archive`, {})).status, 200);
    assert.equal((await api.post(`${ORGS}/${id}/restore`, {})).status, 200);
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

/** The history entries of the page, each as its text. */
async function history(lang) {
    const c = await srv.loginAs('coordinator', lang);
    const res = await c.get(`/${lang}/orgs/${id}`);
    assert.equal(res.status, 200);
    const ol = (res.text.match(/<ol class="history">([\s\S]*?)<\/ol>/) || [])[1];
    assert.ok(ol, 'the page has a history');
    return { html: ol, items: ol.split(/<\/li>\n/).filter((s) => s.trim()).map((s) => textOf(s)) };
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/;

describe('organisation history', () => {
    it('in English: actions, UTC time, author, field labels and value labels', async () => {
        const { html, items } = await history('en');
        assert.equal(items.length, 4);
        const head = items.map((t) => t.split(' · '));
        assert.deepEqual(head.map((h) => h[0]), ['Restored', 'Archived', 'Changed', 'Created']);
        for (const h of head) assert.match(h[1], STAMP);
        assert.match(html, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">/);
        assert.deepEqual(head.map((h) => h[2].split(' ')[0]), Array(4).fill('t-coordinator'));
        assert.equal(items[0].split(' · ').length, 3, 'no field list for a restore');
        const changed = items[2].replace(/^.*?t-coordinator /, '');
        assert.equal(changed, 'Kind: Training centre → Company District: — → Тасқала ауданы '
            + 'Sectors: Education → Agriculture, forestry and fishing, Education '
            + 'Part of (for a branch): — → Aqzhaiyq Holding');
        assert.match(html, new RegExp(`<a href="/en/orgs/${parent}">Aqzhaiyq Holding</a>`));
        const created = items[3].replace(/^.*?t-coordinator /, '');
        assert.equal(created, 'Kind: Training centre Country: Kazakhstan '
            + `BIN (Kazakhstan) or unified social credit code (China): ${bin(612)} `
            + 'Name (Қазақша): Тасқала оқу орталығы Name (中文): 塔斯卡拉培训中心 Sectors: Education');
        assert.doesNotMatch(html, /\b(create|update|archive|restore|training_centre|name_zh|sectors)\b/);
    });

    it('in Kazakh and Chinese: the same labels the edit form shows', async () => {
        for (const lang of ['kk', 'zh']) {
            const { items } = await history(lang);
            const c = await srv.loginAs('coordinator', lang);
            const form = (await c.get(`/${lang}/orgs/${id}/edit`)).text;
            const label = (name) => textOf((form.match(new RegExp(`<label for="f-${name}">([^<]*)</label>`)) || [])[1] || '');
            for (const f of ['kind', 'district', 'name_zh']) {
                const l = label(f);
                assert.ok(l, `the form labels ${f}`);
                assert.ok(items.some((t) => t.includes(`${l}:`)), `${lang}: "${l}" in the history`);
            }
            const all = items.join(' ');
            assert.doesNotMatch(all, /\b(Created|Changed|Training|Kind|District|training_centre|kind|district)\b/);
            if (lang === 'kk') assert.match(all, /^Қалпына келтірілді · .* Құрылды · /);
            if (lang === 'zh') assert.match(all, /^已恢复 · \d{4}-\d\d-\d\d \d\d:\d\d（UTC 时间） · /);
        }
    });

    it('the import page wraps each required column name in <code>', async () => {
        const c = await srv.loginAs('coordinator', 'kk');
        const res = await c.get('/kk/orgs/import');
        assert.equal(res.status, 200);
        const p = (res.text.match(/<h2>[^<]*<\/h2>\n<p>([\s\S]*?)<\/p>/) || [])[1];
        assert.ok(p, 'the file format paragraph');
        for (const col of ['kind', 'country', 'name_kk', 'name_ru', 'name_zh', 'name_en', 'C;E'])
            assert.ok(p.includes(`<code>${col}</code>`), `<code>${col}</code> in: ${p}`);
        assert.doesNotMatch(p.replace(/<code>[^<]*<\/code>/g, ''), /[A-Za-z]{3,}/);
        assert.match(p, /Міндетті бағандар/);
    });
});
