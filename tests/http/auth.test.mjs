// auth.test.mjs — login (good and bad password, translated message), session cookie
// attributes and rotation, logout, throttling per account and per address, and the
// Bearer API tokens. Each throttling case gets its own server: failures from 127.0.0.1
// would otherwise count against the other cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csrfFrom, kopirOk, PASSWORD, USER, startServer, stopServer, textOf } from '../lib/server.mjs';

const SESSION = 'kopir_session';
let srv;
before(async () => {
    srv = await startServer({ member: false });
    // An account only for failed logins, so throttling never locks the role accounts.
    await kopirOk(['user', 'add', 'tester', '--role', 'viewer', '--db', srv.db], { input: 'tester-password-1\n' });
}, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

/** The Set-Cookie line for name in a response, or undefined. */
const setCookie = (res, name) => res.headers.getSetCookie().find((c) => c.startsWith(name + '='));

/** True when the client's session opens an internal page. */
async function loggedIn(c) {
    const res = await c.get('/ru/account/password');
    return res.status === 200;
}

describe('login form', () => {
    it('has name, password and _csrf fields and posts to itself', async () => {
        const res = await srv.client().get('/kk/login');
        assert.equal(res.status, 200);
        assert.match(res.text, /<form[^>]*method="post"/i);
        assert.match(res.text, /<input[^>]*name="name"/);
        assert.match(res.text, /<input[^>]*type="password"[^>]*name="password"|<input[^>]*name="password"[^>]*type="password"/);
        assert.ok(csrfFrom(res.text), '_csrf field with a value');
        assert.match(res.headers.get('cache-control') || '', /no-store/, 'login page is not cached');
    });

    it('a good password logs in: 303, HttpOnly SameSite session cookie', async () => {
        const c = srv.client();
        const res = await c.login(USER.coordinator, PASSWORD.coordinator, 'ru');
        assert.equal(res.status, 303);
        assert.ok(res.location && !/login/.test(res.location), `redirected away from login (${res.location})`);
        const sc = setCookie(res, SESSION);
        assert.ok(sc, 'session cookie set');
        assert.match(sc, /;\s*HttpOnly/i);
        assert.match(sc, /;\s*SameSite=(Lax|Strict)/i);
        assert.match(sc, /;\s*Path=\//i);
        assert.ok(await loggedIn(c), 'session opens an internal page');
        const home = await c.get('/ru/', { follow: 3 });
        assert.ok(textOf(home.text).includes(USER.coordinator), 'page shows who is logged in');
    });

    it('a wrong password gives a clear translated message and no session', async () => {
        const msgs = {};
        for (const lang of ['ru', 'kk', 'zh', 'en']) {
            const c = srv.client();
            const res = await c.login('tester', 'wrong-password-1', lang);
            assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status}`);
            assert.notEqual(res.status, 303);
            assert.equal(c.cookies.get(SESSION), undefined, 'no session cookie');
            assert.match(res.text, /<input[^>]*name="name"[^>]*value="tester"|value="tester"[^>]*name="name"/,
                'the form is shown again with the name kept');
            const err = (res.text.match(/<[^>]*(?:class="[^"]*(?:error|alert)[^"]*"|role="alert")[^>]*>([\s\S]*?)<\//) || [])[1];
            assert.ok(err && textOf(err).length > 5, `an error message is shown (${lang})`);
            msgs[lang] = textOf(err);
        }
        assert.match(msgs.ru, /[А-Яа-я]/);
        assert.match(msgs.kk, /[А-Яа-яӘәҚқҢңӨөҰұҮүІі]/);
        assert.match(msgs.zh, /[\u4e00-\u9fff]/);
        assert.match(msgs.en, /[A-Za-z]/);
        assert.notEqual(msgs.ru, msgs.kk);
        assert.equal(new Set(Object.values(msgs)).size, 4, 'four different translations');
    });

    it('an unknown user gets the same answer as a wrong password', async () => {
        const a = await srv.client().login('tester', 'wrong-password-2', 'en');
        const b = await srv.client().login('nobody-such', 'wrong-password-2', 'en');
        assert.equal(a.status, b.status);
        const strip = (t) => textOf(t).replace(/tester|nobody-such/g, '');
        assert.equal(strip(a.text), strip(b.text));
    });

    it('a POST without _csrf is refused with 403 and no session', async () => {
        const c = srv.client();
        await c.get('/ru/login');
        const res = await c.post('/ru/login', { form: { name: USER.viewer, password: PASSWORD.viewer } });
        assert.equal(res.status, 403);
        assert.equal(c.cookies.get(SESSION), undefined);
    });

    it('over-long name or password is a 4xx, not a crash', async () => {
        const c = srv.client();
        const res = await c.login('x'.repeat(5000), 'y'.repeat(5000), 'ru');
        assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status}`);
        assert.equal(c.cookies.get(SESSION), undefined);
    });
});

describe('sessions', () => {
    it('logging in again rotates the session id; the old one stops working after logout', async () => {
        const c = srv.client();
        await c.login(USER.viewer, PASSWORD.viewer, 'ru');
        const first = c.cookies.get(SESSION);
        assert.ok(first);
        // Logged in, /login redirects away; the form is posted with the session's token.
        const res = await c.post('/ru/login', { form: { _csrf: await c.csrf('/ru/account/password'),
            name: USER.viewer, password: PASSWORD.viewer } });
        assert.equal(res.status, 303);
        const second = c.cookies.get(SESSION);
        assert.ok(second);
        assert.notEqual(second, first, 'a new session id on every login');
        // Logout ends the current session.
        const csrf = await c.csrf('/ru/account/password');
        assert.ok(csrf, 'a logged-in page carries the CSRF token (logout form)');
        const out = await c.post('/ru/logout', { form: { _csrf: csrf } });
        assert.equal(out.status, 303);
        assert.equal(c.cookies.get(SESSION), undefined, 'logout clears the cookie');
        assert.equal(await loggedIn(c), false);
        // Replaying the logged-out cookie does not work.
        const replay = srv.client();
        replay.cookies.set(SESSION, second);
        const r = await replay.get('/ru/account/password');
        assert.equal(r.status, 303);
        assert.match(r.location, /\/ru\/login/);
    });

    it('a forged or garbage session cookie is treated as logged out', async () => {
        for (const v of ['x', 'A'.repeat(43), '%00%ff', 'a'.repeat(4000)]) {
            const c = srv.client();
            c.cookies.set(SESSION, v);
            const r = await c.get('/ru/account/password');
            assert.equal(r.status, 303, v.slice(0, 10));
            assert.match(r.location, /login/);
        }
    });

    it('logout without a CSRF token is refused', async () => {
        const c = await srv.loginAs('viewer');
        const res = await c.post('/ru/logout', { form: {} });
        assert.equal(res.status, 403);
        assert.ok(await loggedIn(c), 'still logged in');
    });
});

describe('change password', () => {
    const OLD = 'changer-old-pass', NEW = 'changer-new-pass-Ә';
    before(async () => {
        await kopirOk(['user', 'add', 'changer', '--role', 'viewer', '--db', srv.db], { input: OLD + '\n' });
    });

    it('wrong current password, short or mismatched new one: 422 with the message at the field', async () => {
        const c = srv.client();
        assert.equal((await c.login('changer', OLD, 'kk')).status, 303);
        const cases = [
            [{ current: 'not-the-password', new: NEW, confirm: NEW }, 'current'],
            [{ current: OLD, new: 'short', confirm: 'short' }, 'new'],
            [{ current: OLD, new: NEW, confirm: NEW + 'x' }, 'confirm'],
            [{ current: '', new: NEW, confirm: NEW }, 'current'],
        ];
        for (const [fields, bad] of cases) {
            const res = await c.submit('/kk/account/password', fields);
            assert.equal(res.status, 422, JSON.stringify(fields));
            assert.match(res.text, new RegExp(`name="${bad}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="${bad}"`));
            assert.match(res.text, /role="alert"/);
            assert.match(textOf(res.text), /[ӘәҒғҚқҢңӨөҰұҮүІі]/, 'Kazakh message');
            assert.ok(!res.text.includes(OLD) && !res.text.includes(NEW), 'passwords are never shown back');
        }
        assert.equal((await srv.client().login('changer', OLD, 'ru')).status, 303, 'old password still valid');
    });

    it('a successful change ends other sessions and keeps this browser logged in with a new session', async () => {
        const c = srv.client(), other = srv.client();
        await c.login('changer', OLD, 'ru');
        await other.login('changer', OLD, 'ru');
        const before = c.cookies.get(SESSION);
        const res = await c.submit('/ru/account/password', { current: OLD, new: NEW, confirm: NEW });
        assert.equal(res.status, 303);
        assert.notEqual(c.cookies.get(SESSION), before, 'a fresh session id');
        const flash = await c.get(res.location, { follow: 2 });
        assert.match(textOf(flash.text), /[Пп]ароль/, 'a notice says the password changed');
        assert.ok(await loggedIn(c), 'still logged in here');
        assert.equal(await loggedIn(other), false, 'the other session ended');
        assert.notEqual((await srv.client().login('changer', OLD, 'ru')).status, 303, 'old password refused');
        assert.equal((await srv.client().login('changer', NEW, 'ru')).status, 303, 'new password works');
    });
});

describe('API tokens', () => {
    it('a Bearer token authenticates API calls; a wrong one is 401 with a JSON error', async () => {
        const ok = await srv.api('viewer').get('/api/v1/organisations');
        assert.equal(ok.status, 200);
        const bad = await srv.api(null).get('/api/v1/organisations', { authorization: 'Bearer not-a-real-token' });
        assert.equal(bad.status, 401);
        assert.equal(typeof bad.json.error.message, 'string');
        assert.match(bad.headers.get('www-authenticate') || '', /^Bearer/);
    });

    it('a session cookie is not accepted as a Bearer token', async () => {
        const c = await srv.loginAs('admin');
        const res = await srv.api(null).get('/api/v1/organisations', { authorization: `Bearer ${c.cookies.get(SESSION)}` });
        assert.equal(res.status, 401);
    });
});

describe('throttling', () => {
    it('per account: after 5 failures even the right password is refused', async () => {
        const s = await startServer({ member: false });
        try {
            for (let i = 0; i < 5; i++) {
                const r = await s.client().login(USER.viewer, `wrong-${i}-password`, 'ru');
                assert.notEqual(r.status, 303);
            }
            const c = s.client();
            const res = await c.login(USER.viewer, PASSWORD.viewer, 'ru');
            assert.ok(res.status === 429 || res.status === 200, `throttled answer status ${res.status}`);
            assert.equal(c.cookies.get(SESSION), undefined, 'no session while throttled');
            assert.match(textOf(res.text), /[А-Яа-я]{4}/, 'a message in Russian');
            // Another account from the same address is not affected.
            const other = s.client();
            assert.equal((await other.login(USER.coordinator, PASSWORD.coordinator, 'ru')).status, 303);
        } finally {
            await stopServer(s, assert);
        }
    });

    it('per address: 20 failures on different accounts block the address, X-Forwarded-For does not help', async () => {
        const s = await startServer({ member: false });
        try {
            for (let i = 0; i < 20; i++) {
                const r = await s.client().login(`ghost${i}`, 'wrong-password', 'en');
                assert.notEqual(r.status, 303);
            }
            const c = s.client();
            const res = await c.login(USER.admin, PASSWORD.admin, 'en');
            assert.notEqual(res.status, 303, 'the address is throttled');
            assert.equal(c.cookies.get(SESSION), undefined);
            const spoof = s.client();
            const r2 = await spoof.submit('/en/login', { name: USER.admin, password: PASSWORD.admin },
                { headers: { 'x-forwarded-for': '203.0.113.9' } });
            assert.notEqual(r2.status, 303, 'X-Forwarded-For is not trusted');
            // The API with a token still works: throttling guards passwords only.
            assert.equal((await s.api('admin').get('/api/v1/organisations')).status, 200);
        } finally {
            await stopServer(s, assert);
        }
    });
});
