// server.mjs — starts the real `kopir serve` (binary from $KOPIR) on a free loopback port
// with a fresh temporary database and one account per role, and gives tests an HTTP
// client with a cookie jar, manual redirects, CSRF extraction, login and a Bearer API helper.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = process.env.KOPIR_ROOT ||
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KOPIR = process.env.KOPIR || path.join(ROOT, 'kopir');
export const ROLES = ['viewer', 'member', 'coordinator', 'admin'];
// Test accounts are named t-ROLE so they never collide with the demo's accounts.
export const USER = Object.fromEntries(ROLES.map((r) => [r, `t-${r}`]));
export const PASSWORD = Object.fromEntries(ROLES.map((r) => [r, `${r}-pass-Қ7!`]));
export const DEMO_ADMIN = { name: 'admin', password: 'kopir-admin' };
// The sanitizer build is about three times slower; every wait is sized for it.
export const SLOW = /build-san/.test(KOPIR) ? 3 : 1;

/** A free TCP port on 127.0.0.1: bind port 0, read the port the kernel chose, release it. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.unref();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

/** The CLI's messages follow KOPIR_LANG or the locale (docs/i18n.md): tests that read
 * them expect English whatever the machine's locale; a test may pass its own KOPIR_LANG. */
const ENV_EN = { KOPIR_LANG: 'en' };

/** Runs `kopir ARGS...`, feeding input on stdin; resolves {code, stdout, stderr}. */
export function kopir(args, { input = '', env = {}, timeout = 60000 * SLOW } = {}) {
    return new Promise((resolve, reject) => {
        const p = spawn(KOPIR, args, { env: { ...process.env, ...ENV_EN, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '', stderr = '';
        const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
        p.stdout.on('data', (d) => { stdout += d; });
        p.stderr.on('data', (d) => { stderr += d; });
        p.on('error', (e) => { clearTimeout(timer); reject(e); });
        p.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
        p.stdin.on('error', () => {});
        p.stdin.end(input);
    });
}

/** Like kopir() but throws with the output when the exit status is not 0. */
export async function kopirOk(args, opts) {
    const r = await kopir(args, opts);
    if (r.code !== 0)
        throw new Error(`kopir ${args.join(' ')} exited ${r.code ?? r.signal}\n${r.stdout}\n${r.stderr}`);
    return r;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A fresh database and a running server.
 * opts.demo: load `kopir demo` before serving; opts.users (default true): one account per
 * role (the member is attached to an organisation created through the API after start);
 * opts.env: extra environment for the server; opts.args: extra `serve` arguments.
 */
export async function startServer(opts = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kopir-test-'));
    const dbPath = path.join(dir, 'kopir.db');
    await kopirOk(['init', '--db', dbPath]);
    if (opts.demo) await kopirOk(['demo', '--db', dbPath]);
    const users = opts.users === false ? [] : ['viewer', 'coordinator', 'admin'];
    for (const role of users)
        await kopirOk(['user', 'add', USER[role], '--role', role, '--db', dbPath], { input: PASSWORD[role] + '\n' });

    const port = await freePort();
    const srv = new Server(dir, dbPath, port);
    await srv.spawn(opts);
    try {
        if (opts.users !== false) {
            srv.tokens = {};
            for (const role of users) srv.tokens[role] = await srv.userToken(USER[role]);
            if (opts.member !== false) await srv.addMember();
        }
    } catch (e) {
        await srv.stop();
        srv.cleanup();
        throw e;
    }
    return srv;
}

export class Server {
    constructor(dir, dbPath, port) {
        this.dir = dir;
        this.db = dbPath;
        this.port = port;
        this.base = `http://127.0.0.1:${port}`;
        this.stdout = '';
        this.stderr = '';
        this.exited = null;
        this.tokens = {};
        this.memberOrgId = 0;
    }

    async spawn(opts = {}) {
        const args = ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`, ...(opts.args || [])];
        this.proc = spawn(KOPIR, args, { env: { ...process.env, ...ENV_EN, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
        this.proc.stdout.on('data', (d) => { this.stdout += d; });
        this.proc.stderr.on('data', (d) => { this.stderr += d; });
        this.exitPromise = new Promise((resolve) => {
            this.proc.on('exit', (code, signal) => { this.exited = { code, signal }; resolve(this.exited); });
        });
        const deadline = Date.now() + 20000 * SLOW;
        while (Date.now() < deadline) {
            if (this.exited)
                throw new Error(`kopir serve exited early (${this.exited.code ?? this.exited.signal})\n${this.stderr}`);
            try {
                const res = await fetch(this.base + '/healthz');
                await res.arrayBuffer();
                if (res.status === 200) return;
            } catch { /* not listening yet */ }
            await sleep(50);
        }
        this.proc.kill('SIGKILL');
        throw new Error(`kopir serve did not answer /healthz in time\n${this.stdout}\n${this.stderr}`);
    }

    /** Starts the server again on the same database (after it stopped), on a new port. */
    async restart(opts = {}) {
        assert.ok(this.exited, 'restart() after the server stopped');
        this.port = await freePort();
        this.base = `http://127.0.0.1:${this.port}`;
        this.exited = null;
        await this.spawn(opts);
    }

    /** `kopir user token NAME` on this database: the token is the last non-empty line. */
    async userToken(name) {
        const r = await kopirOk(['user', 'token', name, '--db', this.db]);
        const lines = r.stdout.trim().split('\n').map((l) => l.trim()).filter(Boolean);
        return lines[lines.length - 1];
    }

    /** Creates the member's own organisation through the API, then the member account. */
    async addMember() {
        const api = this.api('admin');
        const res = await api.post('/api/v1/organisations', {
            kind: 'company', country: 'KZ', name: { ru: 'Организация участника', kk: 'Қатысушы ұйым' },
        });
        if (res.status !== 201 && res.status !== 200)
            throw new Error(`cannot create the member's organisation: ${res.status} ${res.text}`);
        this.memberOrgId = res.json.id;
        await kopirOk(['user', 'add', USER.member, '--role', 'member', '--org', String(this.memberOrgId), '--db', this.db],
            { input: PASSWORD.member + '\n' });
        this.tokens.member = await this.userToken(USER.member);
    }

    /** A fresh cookie-jar client. */
    client(opts) { return new Client(this.base, opts); }

    /** An API client authenticated with the Bearer token of a role (or none). */
    api(role, lang) { return new Api(this.base, role ? this.tokens[role] : null, lang); }

    /** A client logged in as role through the login form. */
    async loginAs(role, lang = 'ru') {
        const c = this.client();
        const res = await c.login(USER[role], PASSWORD[role], lang);
        if (res.status !== 303 && res.status !== 302)
            throw new Error(`login as ${role} failed: ${res.status} ${res.text.slice(0, 500)}`);
        return c;
    }

    /** Sends SIGTERM and waits; resolves {code, signal}. Also reports sanitizer findings. */
    async stop() {
        if (!this.exited) {
            this.proc.kill('SIGTERM');
            const t = setTimeout(() => this.proc.kill('SIGKILL'), 20000 * SLOW);
            await this.exitPromise;
            clearTimeout(t);
        }
        return this.exited;
    }

    /** Sanitizer or crash reports printed by the server so far (empty string when none). */
    sanitizerReport() {
        const m = this.stderr.match(/(==\d+==ERROR: \w+Sanitizer[\s\S]*|\S+:\d+:\d+: runtime error:[\s\S]*)/);
        return m ? m[1].slice(0, 4000) : '';
    }

    cleanup() { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

/** Stops srv, asserting exit status 0 and no sanitizer report; removes its directory. */
export async function stopServer(srv, assert) {
    if (!srv) return;
    const r = await srv.stop();
    const report = srv.sanitizerReport();
    srv.cleanup();
    assert.equal(report, '', 'sanitizer report from kopir serve');
    assert.deepEqual(r, { code: 0, signal: null }, `kopir serve exit status\n${srv.stderr.slice(-3000)}`);
}

/** The value of the hidden _csrf field of the first form in html (entities decoded). */
export function csrfFrom(html) {
    const m = html.match(/<input[^>]*name="_csrf"[^>]*>/);
    if (!m) return null;
    const v = m[0].match(/value="([^"]*)"/);
    return v ? decodeEntities(v[1]) : null;
}

export function decodeEntities(s) {
    return s.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
        .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The fields a browser would submit from the form in html that posts to a path ending in
 * actionEnd (first POST form when omitted: mind the logout form in the page header): [name, value] pairs of inputs (checked boxes
 * only), selected options and textareas, with entities decoded.
 */
export function formFields(html, actionEnd) {
    const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
        .filter((m) => /method="post"/i.test(m[1]) && (!actionEnd || new RegExp(`action="[^"]*${actionEnd}"`).test(m[1])));
    if (!forms.length) throw new Error(`no POST form${actionEnd ? ' to ' + actionEnd : ''}`);
    const body = forms[0][2];
    const attr = (tag, a) => { const m = tag.match(new RegExp(`\\b${a}="([^"]*)"`)); return m ? decodeEntities(m[1]) : null; };
    const pairs = [];
    const re = /<input\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g;
    for (const m of body.matchAll(re)) {
        if (m[1] !== undefined) {
            const name = attr(m[1], 'name');
            const type = (attr(m[1], 'type') || 'text').toLowerCase();
            if (!name || ['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
            if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(m[1])) continue;
            pairs.push([name, attr(m[1], 'value') ?? (type === 'checkbox' ? 'on' : '')]);
        } else if (m[2] !== undefined) {
            const name = attr(m[2], 'name');
            const opts = [...m[3].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)];
            const sel = opts.find((o) => /\bselected\b/.test(o[1])) || opts[0];
            if (name && sel) pairs.push([name, attr(sel[1], 'value') ?? decodeEntities(sel[2])]);
        } else {
            const name = attr(m[4], 'name');
            if (name) pairs.push([name, decodeEntities(m[5].replace(/^\n/, ''))]);
        }
    }
    return pairs;
}

/** Visible text of an HTML page: no tags, scripts or styles, entities decoded. */
export function textOf(html) {
    return decodeEntities(html.replace(/<script[\s\S]*?<\/script>/gi, ' ')
        .replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * A request over a raw socket, for bodies the server refuses before reading them (413):
 * fetch gives up when the server answers and closes while the body is still being sent,
 * a browser or curl reads the answer. Resolves {status, headers (lower-case names), text}.
 */
export function rawRequest(port, method, urlPath, headers, body, { expectContinue = false } = {}) {
    return new Promise((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1');
        const chunks = [];
        let waiting = expectContinue;
        sock.on('data', (d) => {
            if (waiting) {      // "100 Continue" asks for the body; anything else is the answer
                waiting = false;
                if (/^HTTP\/1\.1 100 /.test(d.toString('latin1'))) {
                    const rest = d.subarray(d.indexOf('\r\n\r\n') + 4);
                    if (rest.length) chunks.push(rest);
                    sock.end(b);
                    return;
                }
                sock.end();
            }
            chunks.push(d);
        });
        sock.on('error', () => {}); // EPIPE/ECONNRESET once the server stops reading: the answer decides
        sock.on('close', () => {
            const all = Buffer.concat(chunks).toString('utf8');
            const end = all.indexOf('\r\n\r\n');
            if (end < 0) {
                return reject(new Error(`${method} ${urlPath} (${b.length} bytes${expectContinue ? ', Expect: 100-continue' : ''}): ` +
                    `connection closed without an HTTP answer ${JSON.stringify(all.slice(0, 200))}`));
            }
            const [statusLine, ...lines] = all.slice(0, end).split('\r\n');
            const h = {};
            for (const l of lines) { const i = l.indexOf(':'); h[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim(); }
            resolve({ status: Number(statusLine.split(' ')[1]), headers: h, text: all.slice(end + 4) });
        });
        const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
        sock.on('connect', () => {
            const head = [`${method} ${urlPath} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close',
                `Content-Length: ${b.length}`, ...(expectContinue ? ['Expect: 100-continue'] : []),
                ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
            sock.write(head);
            if (!expectContinue) sock.end(b);
        });
    });
}

/** A response read completely: status, headers, text, json (or undefined), location. */
async function readResponse(res) {
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let json;
    if ((res.headers.get('content-type') || '').includes('json')) {
        try { json = JSON.parse(text); } catch { json = undefined; }
    }
    return { status: res.status, headers: res.headers, text, body: buf, json, location: res.headers.get('location') };
}

/** Encodes an object or array of pairs as application/x-www-form-urlencoded. */
export function formBody(fields) {
    const p = new URLSearchParams();
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    for (const [k, v] of pairs) p.append(k, v);
    return p.toString();
}

/** HTTP client with a cookie jar; redirects are returned, or followed when asked. */
export class Client {
    constructor(base, { lang } = {}) {
        this.base = base;
        this.cookies = new Map();
        this.lang = lang;
    }

    cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }

    storeCookies(res) {
        for (const sc of res.headers.getSetCookie()) {
            const [pair, ...attrs] = sc.split(';');
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim();
            const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) ||
                (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
            if (expired || value === '') this.cookies.delete(name);
            else this.cookies.set(name, value);
        }
    }

    /**
     * method, path; opts: headers, body (string/Buffer), form (object or pairs), json (value),
     * follow (number of redirects to follow, default 0).
     */
    async request(method, urlPath, opts = {}) {
        const headers = { ...(opts.headers || {}) };
        let body = opts.body;
        if (opts.form !== undefined) {
            body = formBody(opts.form);
            headers['content-type'] ??= 'application/x-www-form-urlencoded';
        } else if (opts.json !== undefined) {
            body = JSON.stringify(opts.json);
            headers['content-type'] ??= 'application/json';
        }
        if (this.cookies.size && !('cookie' in headers)) headers.cookie = this.cookieHeader();
        if (this.lang && !('accept-language' in headers)) headers['accept-language'] = this.lang;
        const res = await fetch(this.base + urlPath, { method, headers, body, redirect: 'manual' });
        this.storeCookies(res);
        const r = await readResponse(res);
        r.url = urlPath;
        if (opts.follow && r.status >= 300 && r.status < 400 && r.location) {
            const next = new URL(r.location, this.base);
            const m = r.status === 307 || r.status === 308 ? method : 'GET';
            return this.request(m, next.pathname + next.search,
                m === 'GET' ? { follow: opts.follow - 1, headers: opts.headers } : { ...opts, follow: opts.follow - 1 });
        }
        return r;
    }

    get(p, opts) { return this.request('GET', p, opts); }
    post(p, opts) { return this.request('POST', p, opts); }

    /** GETs formPath, then POSTs fields plus the form's _csrf to action (default formPath). */
    async submit(formPath, fields, { action, follow = 0, headers } = {}) {
        const page = await this.get(formPath);
        const csrf = csrfFrom(page.text);
        if (csrf == null) throw new Error(`no _csrf field on ${formPath} (${page.status})`);
        const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
        return this.post(action || formPath, { form: [['_csrf', csrf], ...pairs], follow, headers });
    }

    /** Logs in through /LANG/login; returns the POST response (303 on success). */
    login(name, password, lang = 'ru') {
        return this.submit(`/${lang}/login`, { name, password });
    }

    /** The CSRF token of this session, read from a page that has a form (logout form in the layout). */
    async csrf(pagePath = '/ru/') {
        const page = await this.get(pagePath, { follow: 3 });
        return csrfFrom(page.text);
    }
}

/** JSON API client with a Bearer token. */
export class Api {
    constructor(base, token, lang) {
        this.base = base;
        this.token = token;
        this.lang = lang;
    }

    async request(method, p, body, headers = {}) {
        const h = { accept: 'application/json', ...headers };
        if (this.token) h.authorization = `Bearer ${this.token}`;
        if (this.lang) h['accept-language'] = this.lang;
        let data;
        if (body !== undefined) {
            if (typeof body === 'string' || Buffer.isBuffer(body)) data = body;
            else data = JSON.stringify(body);
            h['content-type'] ??= 'application/json';
        }
        const res = await fetch(this.base + p, { method, headers: h, body: data, redirect: 'manual' });
        return readResponse(res);
    }

    get(p, headers) { return this.request('GET', p, undefined, headers); }
    post(p, body, headers) { return this.request('POST', p, body, headers); }
    patch(p, body, headers) { return this.request('PATCH', p, body, headers); }
}
