// roles.test.mjs — the role matrix: every route `kopir serve --list-routes` declares is
// called as anonymous, viewer, member, coordinator and admin. A role at or above the
// declared permission is let through (no 401/403, no redirect to login, no 5xx); below
// it the answer is a redirect to /LANG/login (pages) or 401 (API) when anonymous, and
// 403 when logged in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csrfFrom, kopirOk, ROLES, startServer, stopServer } from '../lib/server.mjs';

const RANK = { public: 0, viewer: 1, member: 2, coordinator: 3, admin: 4 };
const WHO = ['anonymous', ...ROLES];
let srv, routes, spareOrg, memberPerson, sparePerson;
const clients = {};

before(async () => {
    srv = await startServer({ demo: true });
    const out = (await kopirOk(['serve', '--list-routes'])).stdout;
    routes = out.trim().split('\n').filter(Boolean).map((line) => {
        const [method, pattern, perm, ...rest] = line.trim().split(/\s+/);
        return { method, pattern, perm, rest, line };
    });
    for (const who of WHO) clients[who] = who === 'anonymous' ? srv.client() : await srv.loginAs(who);
    const r = await srv.api('admin').post('/api/v1/organisations',
        { kind: 'company', country: 'KZ', name: { ru: 'Организация для матрицы ролей' } });
    spareOrg = r.json.id;
    const person = async (org) => {
        const p = await srv.api('admin').post(`/api/v1/organisations/${org}/people`, { name: { ru: 'Иван Тестов' } });
        assert.equal(p.status, 201, p.text);
        return p.json.id;
    };
    memberPerson = await person(srv.memberOrgId);
    sparePerson = await person(spareOrg);
}, { timeout: 180000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const isApi = (p) => p.startsWith('/api/');
const unprefixed = (p) => isApi(p) || p === '/healthz' || p.startsWith('/static/') || p === '/favicon.ico';

/** Fills {params}: ids with an existing organisation or person (the member's own for
 * reads and for the member; a spare one for changes by others, so archiving does not
 * disturb the reads). */
function fill(route, who) {
    const own = route.method === 'GET' || who === 'member';
    const id = /^(\/api\/v1)?\/people\//.test(route.pattern) ? (own ? memberPerson : sparePerson)
        : (own ? srv.memberOrgId : spareOrg);
    let p = route.pattern.replace(/\{[^}]*id\}/g, String(id)).replace(/\{[^}]+\}/g, '1');
    if (!unprefixed(route.pattern)) p = '/ru' + (p === '/' ? '/' : p);
    return p;
}

/** A fresh CSRF token for the client (the login page for anonymous users). */
async function token(c, who) {
    const page = await c.get(who === 'anonymous' ? '/ru/login' : '/ru/orgs', { follow: 3 });
    return csrfFrom(page.text);
}

async function call(route, who) {
    const c = clients[who];
    const p = fill(route, who);
    if (isApi(route.pattern)) {
        const api = srv.api(who === 'anonymous' ? null : who);
        const body = route.method === 'GET' || route.method === 'HEAD' ? undefined : {};
        return { path: p, res: await api.request(route.method, p, body) };
    }
    if (route.method === 'GET' || route.method === 'HEAD') return { path: p, res: await c.request(route.method, p) };
    const res = await c.request(route.method, p, { form: { _csrf: (await token(c, who)) || '' } });
    // A change that ended the session (logout, password change) is undone by logging in again.
    if (who !== 'anonymous' && !c.cookies.has('kopir_session')) clients[who] = await srv.loginAs(who);
    return { path: p, res };
}

describe('declared permissions', () => {
    it('every route declares one of public/viewer/member/coordinator/admin', () => {
        assert.ok(routes.length >= 8, `routes listed: ${routes.length}`);
        for (const r of routes) {
            assert.match(r.method, /^(GET|POST|PATCH|PUT|DELETE|HEAD)$/, r.line);
            assert.match(r.pattern, /^\//, r.line);
            assert.ok(r.perm in RANK, `permission of ${r.line}`);
            assert.deepEqual(r.rest, [], `nothing after the permission: ${r.line}`);
        }
        const keys = routes.map((r) => `${r.method} ${r.pattern}`);
        assert.equal(new Set(keys).size, keys.length, 'no route registered twice');
    });

    it('the documented organisation routes exist with sensible permissions', () => {
        const perm = (m, p) => routes.find((r) => r.method === m && r.pattern === p)?.perm;
        assert.equal(perm('GET', '/api/v1/organisations'), 'public');
        assert.equal(perm('POST', '/api/v1/organisations'), 'coordinator');
        assert.equal(perm('GET', '/api/v1/organisations/{id}'), 'public');
        assert.equal(perm('PATCH', '/api/v1/organisations/{id}'), 'member');
        assert.equal(perm('GET', '/login'), 'public');
        assert.equal(perm('POST', '/login'), 'public');
    });
});

describe('role matrix', () => {
    for (const who of WHO) {
        it(`every route as ${who}`, async () => {
            const rank = who === 'anonymous' ? 0 : RANK[who];
            const problems = [];
            for (const route of routes) {
                const { path, res } = await call(route, who);
                const toLogin = res.status >= 300 && res.status < 400 && /\/login(\?|$)/.test(res.location || '');
                const what = `${route.method} ${path} (${route.perm}) as ${who}: ${res.status} ${res.location || ''}`;
                if (res.status >= 500) { problems.push(`${what} — server error`); continue; }
                if (rank >= RANK[route.perm]) {
                    if (res.status === 401 || res.status === 403 || toLogin) problems.push(`${what} — should be allowed`);
                } else if (who === 'anonymous') {
                    const want = isApi(route.pattern) ? res.status === 401 : (res.status === 303 && toLogin);
                    if (!want) problems.push(`${what} — expected ${isApi(route.pattern) ? '401' : '303 to /ru/login'}`);
                } else if (res.status !== 403) {
                    problems.push(`${what} — expected 403`);
                }
            }
            assert.deepEqual(problems, []);
        });
    }

    it('the login redirect brings the user back to the page asked for', async () => {
        const res = await srv.client().get('/kk/orgs/new');
        assert.equal(res.status, 303);
        assert.match(res.location, /^\/kk\/login\?next=%2Fkk%2Forgs%2Fnew$|^\/kk\/login\?next=\/kk\/orgs\/new$/);
    });
});
