// orgs_pages.test.mjs — organisations through the HTML pages, as a browser without
// JavaScript uses them: create in ru, kk and zh, edit with the form as served, search
// (Kazakh folding, Chinese two-character substrings), archive/restore, the member's own
// organisation only, and escaping of stored text. Stored state is checked via the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bin, uscc } from '../lib/ident.mjs';
import { formFields, startServer, stopServer, textOf } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
let srv, coord;
before(async () => {
    srv = await startServer();
    coord = await srv.loginAs('coordinator', 'ru');
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const api = (id) => srv.api('admin').get(`${ORGS}/${id}`).then((r) => r.json);

/** Creates through /LANG/orgs/new; returns the new id (asserts the 303 to its page). */
async function createViaForm(c, lang, fields) {
    const res = await c.submit(`/${lang}/orgs/new`, fields);
    assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
    const m = res.location.match(new RegExp(`^/${lang}/orgs/(\\d+)$`));
    assert.ok(m, `redirect to the new organisation: ${res.location}`);
    return Number(m[1]);
}

/** The organisation ids linked from a list page. */
const listedIds = (html) => [...new Set([...html.matchAll(/href="\/[a-z]{2}\/orgs\/(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

describe('create through the form', () => {
    const made = {};

    it('in Russian, Kazakh and Chinese, with a flash notice in that language', async () => {
        const cases = {
            ru: { kind: 'company', country: 'KZ', identifier: bin(901), name_ru: 'ТОО «Байтерек Агро Страница»', sectors: 'A' },
            kk: { kind: 'training_centre', country: 'KZ', identifier: bin(902), name_kk: 'Бәйтерек оқу орталығы Бет' },
            zh: { kind: 'company', country: 'CN', identifier: uscc(903), name_zh: '山东测试商务有限公司' },
        };
        for (const [lang, fields] of Object.entries(cases)) {
            const id = await createViaForm(coord, lang, fields);
            made[lang] = id;
            const page = await coord.get(`/${lang}/orgs/${id}`);
            assert.equal(page.status, 200);
            const name = fields[`name_${lang}`];
            assert.equal(textOf((page.text.match(/<h1[^>]*>[\s\S]*?<\/h1>/) || [''])[0]), name);
            assert.match(page.text, /role="status"|class="notice notice-ok"/, `a notice after saving (${lang})`);
            const stored = await api(id);
            assert.equal(stored.name[lang], name);
            assert.equal(stored.identifier, fields.identifier);
            assert.equal(stored.kind, fields.kind);
        }
        assert.deepEqual((await api(made.ru)).sectors, ['A']);
    });

    it('search in the list: Байтерек ⇄ Бәйтерек, and a two-character Chinese substring', async () => {
        const anon = srv.client();
        for (const [lang, q] of [['ru', 'Байтерек'], ['kk', 'Бәйтерек'], ['zh', 'бәйтерек']]) {
            const res = await anon.get(`/${lang}/orgs?q=${encodeURIComponent(q)}`);
            assert.equal(res.status, 200);
            assert.deepEqual(listedIds(res.text), [made.ru, made.kk].sort((a, b) => a - b), `${lang} q=${q}`);
            assert.match(res.text, new RegExp(`name="q"[^>]*value="${q}"|value="${q}"[^>]*name="q"`), 'query kept in the box');
        }
        const zh = await anon.get(`/zh/orgs?q=${encodeURIComponent('商务')}`);
        assert.deepEqual(listedIds(zh.text), [made.zh]);
        assert.ok(textOf(zh.text).includes('山东测试商务有限公司'));
        const none = await anon.get(`/zh/orgs?q=${encodeURIComponent('商山')}`);
        assert.deepEqual(listedIds(none.text), []);
    });

    it('an unknown filter code is a 400 with a message, not an empty list', async () => {
        const res = await srv.client().get('/kk/orgs?kind=spaceship');
        assert.equal(res.status, 400);
        assert.match(textOf(res.text), /[ӘәҒғҚқҢңӨөҰұҮүІі]/);
    });

    it('edit with the form as served: one change, everything else kept', async () => {
        const id = made.zh;
        const form = await coord.get(`/zh/orgs/${id}/edit`);
        assert.equal(form.status, 200);
        const fields = formFields(form.text, `/orgs/${id}/edit`).map(([k, v]) => (k === 'name_ru' ? [k, 'ООО «Шаньдун Тест Коммерс»'] : [k, v]));
        const res = await coord.post(`/zh/orgs/${id}/edit`, { form: fields });
        assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
        const stored = await api(id);
        assert.deepEqual(stored.name, { ru: 'ООО «Шаньдун Тест Коммерс»', zh: '山东测试商务有限公司' });
        assert.equal(stored.identifier, uscc(903));
        assert.equal(stored.country, 'CN');
    });

    it('archive hides it from the public list and page; restore brings it back', async () => {
        const id = made.kk;
        const page = await coord.get(`/ru/orgs/${id}`);
        const fields = formFields(page.text, `/orgs/${id}/archive`);
        const arch = await coord.post(`/ru/orgs/${id}/archive`, { form: fields });
        assert.equal(arch.status, 303);
        assert.equal((await api(id)).archived, true);
        const anon = srv.client();
        assert.equal((await anon.get(`/ru/orgs/${id}`)).status, 404);
        assert.ok(!listedIds((await anon.get(`/ru/orgs?q=${encodeURIComponent('оқу орталығы Бет')}`)).text).includes(id));
        const again = await coord.get(`/ru/orgs/${id}`);
        assert.equal(again.status, 200, 'logged-in users still see it');
        const rest = await coord.post(`/ru/orgs/${id}/restore`, { form: formFields(again.text, `/orgs/${id}/restore`) });
        assert.equal(rest.status, 303);
        assert.equal((await api(id)).archived, false);
        assert.equal((await anon.get(`/ru/orgs/${id}`)).status, 200);
    });
});

describe('members and escaping', () => {
    it('a member edits its own organisation through the form, not another one', async () => {
        const m = await srv.loginAs('member', 'kk');
        const own = await m.get(`/kk/orgs/${srv.memberOrgId}/edit`);
        assert.equal(own.status, 200);
        const fields = formFields(own.text, `/orgs/${srv.memberOrgId}/edit`).map(([k, v]) => (k === 'website' ? [k, 'https://member.example.kz'] : [k, v]));
        const res = await m.post(`/kk/orgs/${srv.memberOrgId}/edit`, { form: fields });
        assert.equal(res.status, 303, textOf(res.text).slice(0, 300));
        assert.equal((await api(srv.memberOrgId)).website, 'https://member.example.kz');

        const other = (await srv.api('coordinator').post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'Чужая для участника' } })).json.id;
        assert.equal((await m.get(`/kk/orgs/${other}/edit`)).status, 403);
        const csrf = fields.find(([k]) => k === '_csrf')[1];
        const post = await m.post(`/kk/orgs/${other}/edit`, { form: [['_csrf', csrf], ['kind', 'other'], ['country', 'KZ'], ['name_ru', 'Захват']] });
        assert.equal(post.status, 403);
        assert.deepEqual((await api(other)).name, { ru: 'Чужая для участника' });
        assert.equal((await m.get('/kk/orgs/new')).status, 403, 'members do not create organisations');
    });

    it('stored markup is shown as text on the list and the detail page', async () => {
        const evil = '<script>alert(1)</script><img src=x onerror=alert(2)> "\'&';
        const id = await createViaForm(coord, 'ru', { kind: 'other', country: 'OTHER', name_ru: evil, address: evil });
        for (const p of [`/ru/orgs/${id}`, `/ru/orgs?q=${encodeURIComponent('alert')}`]) {
            const res = await srv.client().get(p);
            assert.equal(res.status, 200);
            assert.ok(!res.text.includes('<script>alert(1)'), `${p}: no raw <script>`);
            assert.ok(!res.text.includes('<img src=x'), `${p}: no raw <img>`);
            assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p}: escaped`);
        }
    });
});
