// orgs_api.test.mjs — the organisations JSON API: create in ru, kk and zh, read back,
// PATCH, search with Kazakh folding (Байтерек ⇄ Бәйтерек) and Chinese substrings,
// pagination, archive/restore, and who may change what (viewer, member, coordinator).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bin, uscc } from '../lib/ident.mjs';
import { assertApiError } from '../lib/expect.mjs';
import { startServer, stopServer } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
let srv, admin, coord;
before(async () => {
    srv = await startServer();
    admin = srv.api('admin');
    coord = srv.api('coordinator');
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

async function create(body, api = coord) {
    const res = await api.post(ORGS, body);
    assert.equal(res.status, 201, `create: ${res.text.slice(0, 400)}`);
    assert.equal(typeof res.json.id, 'number');
    return res.json;
}

const search = async (q, extra = '') =>
    (await coord.get(`${ORGS}?q=${encodeURIComponent(q)}${extra}`)).json;
const ids = (list) => list.items.map((o) => o.id).sort((a, b) => a - b);

describe('create and read', () => {
    it('a Kazakh company with a BIN, in Russian', async () => {
        const body = { kind: 'company', country: 'KZ', identifier: bin(101),
            name: { ru: 'ТОО «Уральск Агро Тест»' }, region: 'Западно-Казахстанская область' };
        const res = await coord.post(ORGS, body);
        assert.equal(res.status, 201);
        assert.match(res.headers.get('location') || '', new RegExp(`${ORGS}/${res.json.id}$`));
        const got = await coord.get(`${ORGS}/${res.json.id}`);
        assert.equal(got.status, 200);
        assert.equal(got.json.id, res.json.id);
        assert.equal(got.json.kind, 'company');
        assert.equal(got.json.country, 'KZ');
        assert.equal(got.json.identifier, bin(101));
        assert.deepEqual(got.json.name, { ru: 'ТОО «Уральск Агро Тест»' });
        assert.equal(got.json.region, 'Западно-Казахстанская область');
    });

    it('a Chinese company: USCC typed in lower case with spaces is stored normalised', async () => {
        const u = uscc(201);
        const typed = `${u.slice(0, 4)} ${u.slice(4, 8)}-${u.slice(8)}`.toLowerCase();
        const o = await create({ kind: 'company', country: 'CN', identifier: typed,
            name: { zh: '山东测试商务有限公司', en: 'Shandong Test Commerce Co.' } });
        const got = (await coord.get(`${ORGS}/${o.id}`)).json;
        assert.equal(got.identifier, u);
        assert.equal(got.name.zh, '山东测试商务有限公司');
        assert.equal(got.name.en, 'Shandong Test Commerce Co.');
    });

    it('names in all four languages are kept exactly, surrounding spaces trimmed', async () => {
        const o = await create({ kind: 'foundation', country: 'OTHER',
            name: { kk: '  «Қайырымдылық» қоры ', ru: 'Фонд «Милосердие»', zh: '慈善基金会', en: 'Charity Foundation' } });
        const got = (await coord.get(`${ORGS}/${o.id}`)).json;
        assert.deepEqual(got.name, { kk: '«Қайырымдылық» қоры', ru: 'Фонд «Милосердие»', zh: '慈善基金会', en: 'Charity Foundation' });
        assert.equal(got.kind, 'foundation');
        assert.equal(got.country, 'OTHER');
    });

    it('every kind is accepted', async () => {
        const kinds = ['government', 'chamber', 'development_corporation', 'foundation', 'company', 'training_centre', 'other'];
        for (const kind of kinds) {
            const o = await create({ kind, country: 'KZ', name: { ru: `Вид ${kind}` } });
            assert.equal((await coord.get(`${ORGS}/${o.id}`)).json.kind, kind);
        }
    });

    it('an unknown id is 404 with a JSON error; a non-numeric id too', async () => {
        assertApiError(await coord.get(`${ORGS}/999999`), { status: 404 });
        assertApiError(await coord.get(`${ORGS}/abc`), { status: 404 });
        assertApiError(await coord.get(`${ORGS}/-1`), { status: 404 });
    });
});

describe('search', () => {
    let kkOrg, ruOrg, zhOrg;
    before(async () => {
        kkOrg = await create({ kind: 'training_centre', country: 'KZ', name: { kk: 'Бәйтерек оқу орталығы' } });
        ruOrg = await create({ kind: 'company', country: 'KZ', name: { ru: 'Байтерек Водоканал' } });
        zhOrg = await create({ kind: 'company', country: 'CN', identifier: uscc(202),
            name: { zh: '济南建材贸易有限公司' } });
    });

    it('Байтерек (Russian keyboard) finds Бәйтерек and Байтерек', async () => {
        const r = await search('Байтерек');
        assert.deepEqual(ids(r), [kkOrg.id, ruOrg.id]);
        assert.equal(r.total, 2);
    });

    it('Бәйтерек (Kazakh) finds both spellings too, case-insensitively', async () => {
        assert.deepEqual(ids(await search('бӘЙТЕРЕК')), [kkOrg.id, ruOrg.id]);
    });

    it('a two-character Chinese substring finds the organisation', async () => {
        assert.deepEqual(ids(await search('建材')), [zhOrg.id]);
        assert.deepEqual(ids(await search('贸易有限')), [zhOrg.id]);
        assert.deepEqual(ids(await search('济南贸易')), [], 'not a substring: no match');
    });

    it('search by identifier', async () => {
        assert.deepEqual(ids(await search(uscc(202))), [zhOrg.id]);
    });

    it('several words must all match', async () => {
        assert.deepEqual(ids(await search('оқу Байтерек')), [kkOrg.id]);
        assert.deepEqual(ids(await search('оқу Водоканал')), []);
    });

    it('no match: empty items, total 0', async () => {
        const r = await search('несуществующее');
        assert.deepEqual(r.items, []);
        assert.equal(r.total, 0);
    });
});

describe('pagination', () => {
    it('page and per_page slice the list; total counts all', async () => {
        const all = (await coord.get(`${ORGS}?per_page=100`)).json;
        assert.ok(all.total >= 5);
        assert.equal(all.items.length, Math.min(all.total, 100));
        const p1 = (await coord.get(`${ORGS}?per_page=2&page=1`)).json;
        const p2 = (await coord.get(`${ORGS}?per_page=2&page=2`)).json;
        assert.equal(p1.page, 1);
        assert.equal(p2.page, 2);
        assert.equal(p1.per_page, 2);
        assert.equal(p1.total, all.total);
        assert.equal(p1.items.length, 2);
        assert.deepEqual([...p1.items, ...p2.items].map((o) => o.id), all.items.slice(0, 4).map((o) => o.id));
        const beyond = (await coord.get(`${ORGS}?per_page=2&page=9999`)).json;
        assert.deepEqual(beyond.items, []);
        assert.equal(beyond.total, all.total);
    });

    it('per_page is capped at 100', async () => {
        const r = (await coord.get(`${ORGS}?per_page=100000`)).json;
        assert.equal(r.per_page, 100);
    });

    it('filters by kind and country', async () => {
        const r = (await coord.get(`${ORGS}?kind=training_centre&per_page=100`)).json;
        assert.ok(r.total >= 1);
        assert.ok(r.items.every((o) => o.kind === 'training_centre'));
        const cn = (await coord.get(`${ORGS}?country=CN&per_page=100`)).json;
        assert.ok(cn.total >= 2);
        assert.ok(cn.items.every((o) => o.country === 'CN'));
    });
});

describe('PATCH', () => {
    it('changes only the given fields and adds a language', async () => {
        const o = await create({ kind: 'company', country: 'KZ', identifier: bin(301), name: { ru: 'ТОО Патч' } });
        const res = await coord.patch(`${ORGS}/${o.id}`, { name: { ru: 'ТОО Патч', zh: '补丁公司' }, kind: 'other' });
        assert.equal(res.status, 200, res.text);
        const got = (await coord.get(`${ORGS}/${o.id}`)).json;
        assert.deepEqual(got.name, { ru: 'ТОО Патч', zh: '补丁公司' });
        assert.equal(got.kind, 'other');
        assert.equal(got.identifier, bin(301), 'untouched field kept');
        assert.equal(got.country, 'KZ');
    });

    it('an invalid PATCH changes nothing', async () => {
        const o = await create({ kind: 'company', country: 'KZ', name: { ru: 'ТОО Неизменная' } });
        const before = (await coord.get(`${ORGS}/${o.id}`)).json;
        assertApiError(await coord.patch(`${ORGS}/${o.id}`, { kind: 'spaceship', name: { ru: 'Другое имя' } }),
            { status: [400, 422], field: 'kind' });
        assert.deepEqual((await coord.get(`${ORGS}/${o.id}`)).json, before);
    });

    it('PATCH of an unknown id is 404', async () => {
        assertApiError(await coord.patch(`${ORGS}/999999`, { kind: 'other' }), { status: 404 });
    });
});

describe('archive and restore', () => {
    it('an archived organisation leaves the default list and comes back on restore', async () => {
        const o = await create({ kind: 'company', country: 'KZ', name: { ru: 'ТОО Архивная Тестовая' } });
        const arch = await coord.post(`${ORGS}/${o.id}/archive`, {});
        assert.equal(arch.status, 200, arch.text);
        assert.deepEqual(ids(await search('Архивная Тестовая')), []);
        assert.deepEqual(ids(await search('Архивная Тестовая', '&state=archived')), [o.id]);
        const got = (await coord.get(`${ORGS}/${o.id}`)).json;
        assert.equal(typeof got.archived_at, 'string');
        const again = await coord.post(`${ORGS}/${o.id}/archive`, {});
        assert.ok(again.status === 409 || again.status === 200, `archiving twice: ${again.status}`);
        const rest = await coord.post(`${ORGS}/${o.id}/restore`, {});
        assert.equal(rest.status, 200, rest.text);
        assert.deepEqual(ids(await search('Архивная Тестовая')), [o.id]);
        assert.equal((await coord.get(`${ORGS}/${o.id}`)).json.archived_at ?? null, null);
    });
});

describe('who may change what', () => {
    it('a viewer reads but cannot create or edit (403)', async () => {
        const v = srv.api('viewer');
        assert.equal((await v.get(ORGS)).status, 200);
        const before = (await coord.get(ORGS)).json.total;
        assertApiError(await v.post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'Нельзя' } }), { status: 403 });
        assertApiError(await v.patch(`${ORGS}/${srv.memberOrgId}`, { kind: 'other' }), { status: 403 });
        assert.equal((await coord.get(ORGS)).json.total, before);
    });

    it('a member edits its own organisation only', async () => {
        const m = srv.api('member');
        const own = await m.patch(`${ORGS}/${srv.memberOrgId}`, { name: { ru: 'Организация участника', kk: 'Қатысушы ұйымы' } });
        assert.equal(own.status, 200, own.text);
        assert.equal((await coord.get(`${ORGS}/${srv.memberOrgId}`)).json.name.kk, 'Қатысушы ұйымы');
        const other = await create({ kind: 'company', country: 'KZ', name: { ru: 'Чужая организация' } });
        assertApiError(await m.patch(`${ORGS}/${other.id}`, { kind: 'other' }), { status: 403 });
        assert.equal((await coord.get(`${ORGS}/${other.id}`)).json.kind, 'company');
    });

    it('anonymous API calls are 401', async () => {
        const anon = srv.api(null);
        assertApiError(await anon.post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'Аноним' } }), { status: 401 });
        assertApiError(await anon.patch(`${ORGS}/${srv.memberOrgId}`, { kind: 'other' }), { status: 401 });
    });

    it('the admin can do what a coordinator can', async () => {
        const o = await create({ kind: 'chamber', country: 'KZ', name: { ru: 'Палата предпринимателей Тест' } }, admin);
        assert.equal((await admin.patch(`${ORGS}/${o.id}`, { kind: 'government' })).status, 200);
    });
});
