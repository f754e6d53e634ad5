// orgs_bad_input.test.mjs — every kind of bad input to the organisations API and form is
// answered with a 4xx and a clear message in the request's language naming the field,
// and nothing is stored (the total is checked after each case).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertApiError, assertInLanguage } from '../lib/expect.mjs';
import { badBin, badUscc, bin, uscc } from '../lib/ident.mjs';
import { formBody, rawRequest, startServer, stopServer, textOf } from '../lib/server.mjs';

const ORGS = '/api/v1/organisations';
let srv;
before(async () => {
    srv = await startServer();
    // One stored organisation whose identifier the duplicate cases reuse.
    const r = await srv.api('coordinator').post(ORGS, { kind: 'company', country: 'KZ', identifier: bin(7),
        name: { ru: 'ТОО Существующее' } });
    assert.equal(r.status, 201);
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const total = async () => (await srv.api('admin').get(`${ORGS}?state=all&per_page=1`)).json.total;
const good = { kind: 'company', country: 'KZ', name: { ru: 'ТОО Правильное' } };
const long = (n, ch = 'ж') => ch.repeat(n);

// [what, body, field, statuses]
const CASES = [
    ['missing name', { kind: 'company', country: 'KZ' }, 'name'],
    ['empty names', { kind: 'company', country: 'KZ', name: { ru: '   ', zh: '' } }, 'name'],
    ['name not an object', { ...good, name: 'ТОО Строка' }, 'name'],
    ['name in an unknown language', { ...good, name: { de: 'GmbH' } }, 'name'],
    ['missing kind', { country: 'KZ', name: { ru: 'Без вида' } }, 'kind'],
    ['unknown kind', { ...good, kind: 'spaceship' }, 'kind'],
    ['kind not a string', { ...good, kind: 7 }, 'kind'],
    ['unknown country', { ...good, country: 'RU' }, 'country'],
    ['lower-case country', { ...good, country: 'kz' }, 'country'],
    ['BIN with a bad check digit', { ...good, identifier: badBin(11) }, 'identifier'],
    ['BIN too short', { ...good, identifier: '12345' }, 'identifier'],
    ['BIN with letters', { ...good, identifier: '24034000001A' }, 'identifier'],
    ['USCC with a bad check character', { ...good, country: 'CN', identifier: badUscc(12) }, 'identifier'],
    ['USCC with a forbidden letter', { ...good, country: 'CN', identifier: uscc(12).slice(0, 10) + 'O' + uscc(12).slice(11) }, 'identifier'],
    ['USCC for a Kazakh organisation', { ...good, country: 'KZ', identifier: uscc(13) }, 'identifier'],
    ['BIN for a Chinese organisation', { ...good, country: 'CN', identifier: bin(14) }, 'identifier'],
    ['duplicate identifier', { ...good, identifier: bin(7) }, 'identifier', [409, 422]],
    ['duplicate identifier typed with spaces', { ...good, identifier: bin(7).replace(/(\d{4})/g, '$1 ') }, 'identifier', [409, 422]],
    ['unknown sector', { ...good, sectors: ['Z'] }, 'sectors'],
    ['sector not a letter', { ...good, sectors: ['19.20'] }, 'sectors'],
    ['name too long (301 characters)', { ...good, name: { ru: long(301) } }, 'name'],
    ['Chinese name too long (301 characters)', { ...good, name: { zh: long(301, '商') } }, 'name'],
    ['description too long', { ...good, description: { ru: long(5001) } }, 'description'],
    ['address too long', { ...good, address: long(501) }, 'address'],
    ['website too long', { ...good, website: 'https://example.kz/' + long(300, 'a') }, 'website'],
    ['control characters in the name', { ...good, name: { ru: 'ТОО \u0007 Звонок' } }, 'name'],
    ['unknown parent', { ...good, parent_id: 999999 }, 'parent'],
    ['a misspelt key', { ...good, adress: 'Уральск' }, 'adress'],
    ['a bad second person stores neither the organisation nor the first person',
        { ...good, people: [{ name: { ru: 'Первый' } }, { name: { ru: 'Второй' }, email: 'not-an-email' }] }, 'people.1.email'],
];

describe('API: bad input → 4xx, field named, message in the request language, nothing stored', () => {
    for (const [what, body, field, status = [400, 422]] of CASES) {
        it(what, async () => {
            const before = await total();
            for (const lang of ['ru', 'kk', 'zh']) {
                const res = await srv.api('coordinator', lang).post(ORGS, body);
                assertApiError(res, { status, field, lang, what: `${what} (${lang})` });
            }
            assert.equal(await total(), before, 'nothing stored');
        });
    }

    it('several bad fields are all reported', async () => {
        const res = await srv.api('coordinator', 'ru').post(ORGS, { kind: 'x', country: 'y', name: {} });
        const e = assertApiError(res, { status: [400, 422], lang: 'ru' });
        const fields = [e.field, ...(e.fields || e.errors || []).map((f) => f.field)].join(' ');
        for (const f of ['kind', 'country', 'name']) assert.ok(fields.includes(f), `${f} reported: ${JSON.stringify(e)}`);
    });

    it('the English message differs from the Russian one and names no internal key', async () => {
        const en = (await srv.api('coordinator', 'en').post(ORGS, { ...good, identifier: badBin(11) })).json.error;
        const ru = (await srv.api('coordinator', 'ru').post(ORGS, { ...good, identifier: badBin(11) })).json.error;
        assertInLanguage(en.message, 'en');
        assert.notEqual(en.message, ru.message);
        assert.ok(!/[a-z]+\.[a-z_]+$/.test(en.message), `not a message key: ${en.message}`);
    });
});

describe('API: malformed requests', () => {
    const raw = (body, headers = {}, lang = 'ru') => srv.api('coordinator', lang).post(ORGS, body, headers);

    it('malformed JSON → 400', async () => {
        const before = await total();
        for (const body of ['{"kind": "company",', '', 'null', '{"name": {"ru": "NUL \\u0000 inside"}}', '[1,2]', '"text"', '{"a":1}{"b":2}', '{kind: company}']) {
            const res = await raw(body);
            assertApiError(res, { status: 400, lang: 'ru', what: `body ${JSON.stringify(body)}` });
        }
        assert.equal(await total(), before);
    });

    it('invalid UTF-8 → 400 naming the problem, in Chinese for a zh request', async () => {
        const before = await total();
        const body = Buffer.concat([Buffer.from('{"kind":"company","country":"KZ","name":{"ru":"'),
            Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}')]);
        assertApiError(await raw(body, {}, 'zh'), { status: [400, 422], lang: 'zh' });
        const overlong = Buffer.concat([Buffer.from('{"kind":"company","country":"KZ","name":{"ru":"'),
            Buffer.from([0xc0, 0xaf]), Buffer.from('"}}')]);
        assertApiError(await raw(overlong), { status: [400, 422], lang: 'ru' });
        assert.equal(await total(), before);
    });

    it('wrong content type → 415', async () => {
        const before = await total();
        const res = await raw(JSON.stringify(good), { 'content-type': 'text/plain' });
        assertApiError(res, { status: 415, lang: 'ru' });
        const form = await raw('kind=company&country=KZ', { 'content-type': 'application/x-www-form-urlencoded' });
        assertApiError(form, { status: 415, lang: 'ru' });
        assert.equal(await total(), before);
    });

    it('a body over the limit → 413, and the server keeps serving', async () => {
        const before = await total();
        const big = JSON.stringify({ ...good, description: { ru: 'я'.repeat(2 * 1024 * 1024) } });
        const headers = { 'Content-Type': 'application/json', 'Accept-Language': 'kk',
            Authorization: `Bearer ${srv.tokens.coordinator}` };
        // A client that asks first (curl): 413 before the body is sent.
        const asked = await rawRequest(srv.port, 'POST', ORGS, headers, big, { expectContinue: true });
        assert.equal(asked.status, 413, asked.text.slice(0, 200));
        assertInLanguage(JSON.parse(asked.text).error.message, 'kk');
        // A client that just sends (browsers, fetch) must get the 413 too, not a reset.
        const sent = await rawRequest(srv.port, 'POST', ORGS, headers, big);
        assert.equal(sent.status, 413, sent.text.slice(0, 200));
        assert.equal(await total(), before);
        assert.equal((await fetch(srv.base + '/healthz')).status, 200);
    });

    it('deeply nested JSON is refused, not a crash', async () => {
        const res = await raw('['.repeat(100000) + ']'.repeat(100000));
        assert.ok(res.status === 400 || res.status === 413, `status ${res.status}`);
        assert.equal((await fetch(srv.base + '/healthz')).status, 200);
    });

    it('an over-long search query is a 4xx or cut, never a 5xx', async () => {
        const res = await srv.api('viewer').get(`${ORGS}?q=${encodeURIComponent('я'.repeat(5000))}`);
        assert.ok(res.status < 500, `status ${res.status}`);
    });

    it('bad pagination values fall back to defaults or are refused, never a 5xx', async () => {
        for (const q of ['page=-1', 'page=abc', 'per_page=0', 'per_page=-5', 'page=99999999999999999999']) {
            const res = await srv.api('viewer').get(`${ORGS}?${q}`);
            assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status}`);
        }
    });
});

describe('form: bad input → the form again with the message next to the field, nothing stored', () => {
    let c;
    before(async () => { c = await srv.loginAs('coordinator', 'kk'); });

    const submitNew = (lang, fields) => c.submit(`/${lang}/orgs/new`, fields);

    it('bad BIN in Kazakh', async () => {
        const before = await total();
        const res = await submitNew('kk', { kind: 'company', country: 'KZ', name_kk: 'Қате БСН', identifier: badBin(21) });
        assert.ok(res.status === 422 || res.status === 400, `status ${res.status}`);
        assert.match(res.text, /<html[^>]*lang="kk/);
        assert.match(res.text, /role="alert"/, 'error summary');
        assert.match(res.text, /name="identifier"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="identifier"/);
        assert.match(res.text, /value="Қате БСН"/, 'what was typed is kept');
        const alert = textOf((res.text.match(/role="alert"[\s\S]*?<\/(div|section|ul)>/) || [''])[0]);
        assertInLanguage(alert, 'kk', 'summary');
        assert.equal(await total(), before);
    });

    it('missing name in Chinese', async () => {
        const before = await total();
        const res = await submitNew('zh', { kind: 'company', country: 'CN' });
        assert.ok(res.status === 422 || res.status === 400, `status ${res.status}`);
        const alert = textOf((res.text.match(/role="alert"[\s\S]*?<\/(div|section|ul)>/) || [''])[0]);
        assertInLanguage(alert, 'zh', 'summary');
        assert.equal(await total(), before);
    });

    it('over-long field in Russian', async () => {
        const before = await total();
        const res = await submitNew('ru', { kind: 'company', country: 'KZ', name_ru: long(301) });
        assert.ok(res.status === 422 || res.status === 400, `status ${res.status}`);
        assert.match(res.text, /name="name_ru"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="name_ru"/);
        assert.equal(await total(), before);
    });

    it('invalid UTF-8 in a form field → 400', async () => {
        const before = await total();
        const csrf = await c.csrf('/ru/orgs/new');
        const body = Buffer.concat([Buffer.from(`_csrf=${encodeURIComponent(csrf)}&kind=company&country=KZ&name_ru=`),
            Buffer.from('%C3%28%FF')]);
        const res = await c.post('/ru/orgs/new', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(res.status, 400);
        assertInLanguage(textOf((res.text.match(/<main[\s\S]*<\/main>/) || [res.text])[0]), 'ru', 'error page');
        assert.equal(await total(), before);
    });

    it('too many form fields → 413 (or 400), nothing stored', async () => {
        const before = await total();
        const csrf = await c.csrf('/ru/orgs/new');
        const pairs = [['_csrf', csrf], ['kind', 'company'], ['country', 'KZ'], ['name_ru', 'Много полей']];
        for (let i = 0; i < 2000; i++) pairs.push([`f${i}`, 'x']);
        const res = await c.post('/ru/orgs/new', { form: pairs });
        assert.ok(res.status === 413 || res.status === 400, `status ${res.status}`);
        assert.equal(await total(), before);
    });

    it('a form body over the limit → 413', async () => {
        const before = await total();
        const csrf = await c.csrf('/ru/orgs/new');
        const body = formBody({ _csrf: csrf, kind: 'company', country: 'KZ',
            name_ru: 'Большое тело', description_ru: 'я'.repeat(3 * 1024 * 1024) });
        const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: c.cookieHeader() };
        const res = await rawRequest(srv.port, 'POST', '/zh/orgs/new', headers, body, { expectContinue: true });
        assert.equal(res.status, 413);
        assert.match(res.headers['content-type'], /^text\/html/);
        assertInLanguage(textOf((res.text.match(/<main[\s\S]*<\/main>/) || [res.text])[0]), 'zh', '413 page');
        // What a browser does: send the whole form without asking first. It must see the page.
        const browser = await rawRequest(srv.port, 'POST', '/zh/orgs/new', headers, body);
        assert.equal(browser.status, 413, 'a browser gets the 413 page, not a connection reset');
        assert.equal(await total(), before);
    });
});
