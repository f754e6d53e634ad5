// health.test.mjs — readiness, security headers on every kind of answer (page, API,
// static file, error), caching of static files, unknown paths and methods.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, stopServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ member: false }); }, { timeout: 120000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

/** Asserts the headers every answer must carry. */
function assertSecurityHeaders(res, what) {
    const h = res.headers;
    assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
    const csp = h.get('content-security-policy');
    assert.ok(csp, `${what}: Content-Security-Policy present`);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
        .map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v.join(' ')]; }));
    assert.equal(directives['frame-ancestors'], "'none'", `${what}: frame-ancestors 'none' (${csp})`);
    const script = directives['script-src'] ?? directives['default-src'];
    assert.ok(script !== undefined, `${what}: script-src or default-src in CSP (${csp})`);
    assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(script), `${what}: no inline script allowed (${csp})`);
    assert.ok(!/unsafe-inline/.test(directives['default-src'] || ''), `${what}: default-src without unsafe-inline`);
    assert.match(h.get('referrer-policy') || '', /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
        `${what}: Referrer-Policy`);
    assert.equal(h.get('server'), null, `${what}: no Server header naming the library`);
}

/** The stylesheet and script URLs a page links to. */
function assetsOf(html) {
    const urls = [];
    for (const m of html.matchAll(/<(?:link[^>]*href|script[^>]*src)="(\/[^"]+)"/g)) urls.push(m[1]);
    return urls.filter((u) => /\.(css|js|svg|png|ico|woff2?)(\?|$)/.test(u));
}

describe('health', () => {
    it('GET /healthz answers 200 with a short body', async () => {
        const res = await fetch(srv.base + '/healthz');
        assert.equal(res.status, 200);
        assert.ok((await res.text()).length < 200);
    });

    it('HEAD /healthz answers 200 without a body', async () => {
        const res = await fetch(srv.base + '/healthz', { method: 'HEAD' });
        assert.equal(res.status, 200);
        assert.equal(await res.text(), '');
    });
});

describe('security headers', () => {
    it('on an HTML page', async () => {
        const res = await srv.client().get('/ru/login');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8$/i);
        assertSecurityHeaders(res, 'page');
        assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(res.text), 'no inline <script> on the page');
        assert.ok(!/\son[a-z]+="/i.test(res.text), 'no inline event handler attributes');
        assert.ok(!/style="/i.test(res.text), 'no inline style attributes (CSP style-src)');
    });

    it('on an API answer', async () => {
        const res = await srv.api('viewer').get('/api/v1/organisations');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type'), /^application\/json/);
        assertSecurityHeaders(res, 'api');
        assert.match(res.headers.get('cache-control') || '', /no-store/, 'API answers are not cached');
    });

    it('on an API error', async () => {
        const res = await srv.api(null).post('/api/v1/organisations', { kind: 'company' });
        assert.equal(res.status, 401);
        assertSecurityHeaders(res, 'api 401');
        assert.equal(typeof res.json?.error?.message, 'string');
    });

    it('on a 404 page', async () => {
        const res = await srv.client().get('/ru/no-such-page-here');
        assert.equal(res.status, 404);
        assert.match(res.headers.get('content-type'), /^text\/html/);
        assertSecurityHeaders(res, '404');
    });

    it('on static files, with caching headers and conditional requests', async () => {
        const page = await srv.client().get('/ru/login');
        const assets = assetsOf(page.text);
        assert.ok(assets.length >= 1, 'the page links a stylesheet');
        for (const url of assets) {
            const res = await fetch(srv.base + url);
            const body = await res.arrayBuffer();
            assert.equal(res.status, 200, url);
            assert.ok(body.byteLength > 0, url);
            assertSecurityHeaders(res, url);
            if (url.endsWith('.css') || url.includes('.css?')) assert.match(res.headers.get('content-type'), /^text\/css/);
            if (url.endsWith('.js') || url.includes('.js?')) assert.match(res.headers.get('content-type'), /^(text|application)\/javascript/);
            const cc = res.headers.get('cache-control') || '';
            assert.match(cc, /max-age=\d+/, `${url}: Cache-Control max-age (${cc})`);
            const etag = res.headers.get('etag');
            assert.ok(etag, `${url}: ETag`);
            const again = await fetch(srv.base + url, { headers: { 'if-none-match': etag } });
            assert.equal(again.status, 304, `${url}: If-None-Match answers 304`);
            assert.equal((await again.arrayBuffer()).byteLength, 0);
        }
    });

    it('unknown static file answers 404', async () => {
        const page = await srv.client().get('/ru/login');
        const css = assetsOf(page.text).find((u) => u.includes('.css'));
        const dir = css.slice(0, css.lastIndexOf('/') + 1);
        const res = await fetch(srv.base + dir + 'does-not-exist.css');
        assert.equal(res.status, 404);
        const trav = await fetch(srv.base + dir + '..%2f..%2fMakefile');
        assert.ok(trav.status === 404 || trav.status === 400, `path traversal refused (${trav.status})`);
    });

    it('an over-long URL or header is a 4xx and the server stays up', async () => {
        const longUrl = await fetch(srv.base + '/ru/orgs?q=' + 'a'.repeat(200000)).catch((e) => e);
        if (!(longUrl instanceof Error)) {
            assert.ok([400, 413, 414, 431].includes(longUrl.status), `long URL: ${longUrl.status}`);
            await longUrl.arrayBuffer();
        }
        const bigHeader = await fetch(srv.base + '/ru/login', { headers: { 'x-filler': 'b'.repeat(200000) } }).catch((e) => e);
        if (!(bigHeader instanceof Error)) {
            assert.ok([400, 413, 431].includes(bigHeader.status), `big header: ${bigHeader.status}`);
            await bigHeader.arrayBuffer();
        }
        assert.equal((await fetch(srv.base + '/healthz')).status, 200);
    });

    it('an unsupported method on a known page answers 405 with Allow', async () => {
        const res = await srv.client().request('DELETE', '/ru/login');
        assert.equal(res.status, 405);
        assert.match(res.headers.get('allow') || '', /GET/);
    });
});
