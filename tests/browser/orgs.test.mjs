// orgs.test.mjs — a real browser (Chromium through playwright-core) logs in, creates an
// organisation with a Chinese name, finds it by a two-character search, opens it; then the
// same pages at phone size. Screenshots go to tests/browser/out/. Any console error (CSP
// violations show up there) or page error fails the test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { uscc } from '../lib/ident.mjs';
import { PASSWORD, ROOT, USER, SLOW, startServer, stopServer } from '../lib/server.mjs';

const OUT = path.join(ROOT, 'tests/browser/out');
const NAME_ZH = '山东黄河农机装备有限公司';
const TIMEOUT = 15000 * SLOW;
let srv, ctx, profile;
const consoleErrors = [];

before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    srv = await startServer();
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kopir-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 1280, height: 900 },
        locale: 'zh-CN',
    });
    ctx.setDefaultTimeout(TIMEOUT);
}, { timeout: 120000 });

after(async () => {
    if (ctx) await ctx.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await stopServer(srv, assert);
}, { timeout: 60000 });

/** A new page that records console errors and uncaught exceptions. */
async function newPage(viewport) {
    const page = await ctx.newPage();
    if (viewport) await page.setViewportSize(viewport);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

/** True when Han characters are drawn with real glyphs: two different characters drawn
 * in the page's font give different pixels (missing-glyph boxes would be identical). */
async function hanGlyphsRender(page) {
    return page.evaluate(() => {
        const font = getComputedStyle(document.body).fontFamily;
        const draw = (ch) => {
            const c = document.createElement('canvas');
            c.width = 64; c.height = 64;
            const g = c.getContext('2d');
            g.font = `48px ${font}`;
            g.fillText(ch, 4, 52);
            return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
        };
        const a = draw('山'), b = draw('东'), blank = draw(' ');
        return a !== b && a !== blank && b !== blank;
    });
}

async function noHorizontalScroll(page) {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

describe('organisations in a browser', () => {
    let orgUrl;

    it('logs in through the Chinese login page', async () => {
        const page = await newPage();
        await page.goto(`${srv.base}/zh/login`);
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
        await shot(page, '01-login-zh');
        await page.fill('input[name="name"]', USER.coordinator);
        await page.fill('input[name="password"]', PASSWORD.coordinator);
        await Promise.all([page.waitForNavigation(), page.click('form[method="post"] [type="submit"]')]);
        assert.ok(!/\/login/.test(page.url()), `left the login page: ${page.url()}`);
        const cookies = await ctx.cookies(srv.base);
        assert.ok(cookies.some((c) => c.name === 'kopir_session' && c.httpOnly), 'HttpOnly session cookie');
        await page.close();
    });

    it('creates an organisation with a Chinese name', async () => {
        const page = await newPage();
        await page.goto(`${srv.base}/zh/orgs/new`);
        await shot(page, '02-new-org-zh');
        await page.selectOption('select[name="kind"]', 'company');
        await page.selectOption('select[name="country"]', 'CN');
        await page.fill('input[name="name_zh"]', NAME_ZH);
        await page.fill('input[name="identifier"]', uscc(4242));
        await Promise.all([page.waitForNavigation(), page.click('main form[method="post"] [type="submit"]')]);
        assert.match(page.url(), /\/zh\/orgs\/\d+$/);
        orgUrl = new URL(page.url()).pathname;
        assert.equal(await page.textContent('h1'), NAME_ZH);
        assert.ok(await hanGlyphsRender(page), 'Chinese glyphs render (fonts-noto-cjk)');
        await shot(page, '03-org-created-zh');
        await page.close();
    });

    it('finds it by a two-character search and opens it', async () => {
        const page = await newPage();
        await page.goto(`${srv.base}/zh/orgs`);
        await page.fill('input[name="q"]', '黄河');
        await Promise.all([page.waitForNavigation(), page.press('input[name="q"]', 'Enter')]);
        assert.match(page.url(), /[?&]q=/);
        const link = page.locator(`main a:has-text("${NAME_ZH}")`);
        assert.equal(await link.count(), 1, 'exactly one result links the organisation');
        await shot(page, '04-search-zh');
        await Promise.all([page.waitForNavigation(), link.click()]);
        assert.equal(new URL(page.url()).pathname, orgUrl);
        assert.ok((await page.textContent('main')).includes(uscc(4242)));
        await page.close();
    });

    it('works at phone size: no sideways scrolling, menu and search usable', async () => {
        const page = await newPage({ width: 375, height: 740 });
        for (const [name, p] of [['05-phone-list', '/zh/orgs'], ['06-phone-org', orgUrl], ['07-phone-new', '/kk/orgs/new']]) {
            await page.goto(srv.base + p);
            assert.ok(await noHorizontalScroll(page), `${p}: fits 375 px`);
            await shot(page, name);
        }
        await page.goto(`${srv.base}/zh/orgs`);
        const q = page.locator('input[name="q"]');
        assert.ok(await q.isVisible(), 'search box visible on a phone');
        const box = await q.boundingBox();
        assert.ok(box.width >= 120 && box.height >= 32, `search box big enough to tap (${box.width}x${box.height})`);
        await page.close();
    });

    it('logs out', async () => {
        const page = await newPage();
        await page.goto(`${srv.base}/zh/orgs`);
        await Promise.all([page.waitForNavigation(), page.click('form[action$="/logout"] [type="submit"]')]);
        await page.goto(`${srv.base}/zh/orgs/new`);
        assert.match(page.url(), /\/zh\/login/);
        await page.close();
    });

    it('no console errors, CSP violations or page errors on any page', () => {
        assert.deepEqual(consoleErrors, []);
    });
});
