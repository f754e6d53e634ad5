// csrf.test.mjs — state-changing requests authenticated by the session cookie need the
// session's CSRF token (form field _csrf or header X-CSRF-Token): without it, with a
// wrong one, with another session's, or from a cross-site form → 403 and nothing stored.
// Bearer-token API calls carry no cookie and need no token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertInLanguage } from '../lib/expect.mjs';
import { startServer, stopServer, textOf } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
let srv, c;
before(async () => {
    srv = await startServer();
    c = await srv.loginAs('coordinator', 'ru');
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const total = async () => (await srv.api('admin').get(`${ORGS}?state=all&per_page=1`)).json.total;
const fields = (name) => ({ kind: 'company', country: 'KZ', name_ru: name });

describe('CSRF on forms', () => {
    it('no token → 403 with a translated message, nothing stored', async () => {
        const before = await total();
        for (const lang of ['ru', 'kk', 'zh']) {
            const res = await c.post(`/${lang}/orgs/new`, { form: fields('Без токена') });
            assert.equal(res.status, 403);
            assertInLanguage(textOf((res.text.match(/<main[\s\S]*<\/main>/) || [res.text])[0]), lang, 'error page');
        }
        assert.equal(await total(), before);
    });

    it('a wrong token → 403', async () => {
        const before = await total();
        const real = await c.csrf('/ru/orgs/new');
        const wrong = real.slice(0, -2) + (real.endsWith('AA') ? 'BB' : 'AA');
        for (const t of [wrong, '', 'x', real + 'x', real.toLowerCase() === real ? real.toUpperCase() : real.toLowerCase()]) {
            const res = await c.post('/ru/orgs/new', { form: { _csrf: t, ...fields('Неверный токен') } });
            assert.equal(res.status, 403, `token ${JSON.stringify(t.slice(0, 8))}`);
        }
        assert.equal(await total(), before);
    });

    it("another session's token → 403", async () => {
        const before = await total();
        const other = await srv.loginAs('coordinator', 'ru');
        const foreign = await other.csrf('/ru/orgs/new');
        const own = await c.csrf('/ru/orgs/new');
        assert.notEqual(foreign, own, 'each session has its own token');
        const res = await c.post('/ru/orgs/new', { form: { _csrf: foreign, ...fields('Чужой токен') } });
        assert.equal(res.status, 403);
        assert.equal(await total(), before);
    });

    it('a cross-site form post (Origin of another site, no token) → 403', async () => {
        const before = await total();
        const res = await c.post('/ru/orgs/new', { form: fields('Межсайтовая'),
            headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/' } });
        assert.equal(res.status, 403);
        assert.equal(await total(), before);
    });

    it('the right token in the form field or in X-CSRF-Token is accepted', async () => {
        const before = await total();
        const token = await c.csrf('/ru/orgs/new');
        const a = await c.post('/ru/orgs/new', { form: { _csrf: token, ...fields('С токеном в поле') } });
        assert.equal(a.status, 303, a.text.slice(0, 300));
        const b = await c.post('/ru/orgs/new', { form: fields('С токеном в заголовке'), headers: { 'x-csrf-token': token } });
        assert.equal(b.status, 303, b.text.slice(0, 300));
        assert.equal(await total(), before + 2);
    });

    it('GET never changes state: GET /logout does not log out', async () => {
        await c.get('/ru/logout');
        assert.equal((await c.get('/ru/orgs/new')).status, 200);
    });
});

describe('CSRF on the API with a session cookie', () => {
    it('POST/PATCH by cookie without X-CSRF-Token → 403; with it → allowed', async () => {
        const before = await total();
        const cookie = c.cookieHeader();
        const body = JSON.stringify({ kind: 'company', country: 'KZ', name: { ru: 'Через cookie' } });
        const post = (headers) => fetch(srv.base + ORGS, { method: 'POST', body,
            headers: { cookie, 'content-type': 'application/json', ...headers } });
        const no = await post({});
        assert.equal(no.status, 403);
        assert.equal((await no.json()).error.code.length > 0, true);
        assert.equal(await total(), before);
        const token = await c.csrf('/ru/orgs/new');
        const yes = await post({ 'x-csrf-token': token });
        assert.equal(yes.status, 201);
        const id = (await yes.json()).id;
        const patch = await fetch(`${srv.base}${ORGS}/${id}`, { method: 'PATCH', body: JSON.stringify({ kind: 'other' }),
            headers: { cookie, 'content-type': 'application/json' } });
        assert.equal(patch.status, 403);
        assert.equal((await srv.api('admin').get(`${ORGS}/${id}`)).json.kind, 'company');
    });

    it('Bearer calls need no CSRF token', async () => {
        const res = await srv.api('coordinator').post(ORGS, { kind: 'company', country: 'KZ', name: { ru: 'Через токен' } });
        assert.equal(res.status, 201);
    });
});
