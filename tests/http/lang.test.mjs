// lang.test.mjs — language selection (path prefix, cookie, Accept-Language with
// q-values, Russian by default) and translated pages: Kazakh with Kazakh letters,
// Chinese in Han characters, no English left in the navigation of kk/ru/zh pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bin } from '../lib/ident.mjs';
import { startServer, stopServer, textOf } from '../lib/server.mjs';

const TAG = { kk: 'kk-KZ', ru: 'ru-KZ', zh: 'zh-CN', en: 'en' };
const NATIVE = ['Қазақша', 'Русский', '中文', 'English'];
let srv;
before(async () => { srv = await startServer({ demo: true }); }, { timeout: 180000 });
after(async () => { await stopServer(srv, assert); }, { timeout: 60000 });

const htmlLang = (html) => (html.match(/<html[^>]*\blang="([^"]+)"/) || [])[1];

/** Follows redirects from path with the given headers; returns the final response. */
function land(path, headers = {}) {
    return srv.client().get(path, { headers, follow: 5 });
}

describe('language selection', () => {
    for (const [code, tag] of Object.entries(TAG)) {
        it(`the /${code} prefix gives <html lang="${tag}">`, async () => {
            const res = await srv.client().get(`/${code}/login`);
            assert.equal(res.status, 200);
            assert.equal(htmlLang(res.text), tag);
            assert.match(res.headers.get('content-language') || tag, new RegExp(`^${code}`));
        });
    }

    it('without prefix, cookie or header the language is Russian', async () => {
        const res = await land('/login');
        assert.equal(res.status, 200);
        assert.equal(htmlLang(res.text), 'ru-KZ');
    });

    it('Accept-Language picks the best q-value among the four languages', async () => {
        const cases = [
            ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
            ['en;q=0.3, kk;q=0.8, ru;q=0.5', 'kk-KZ'],
            ['de-DE,de;q=0.9,en;q=0.5', 'en'],
            ['fr, de', 'ru-KZ'],
            ['kk-KZ;q=0, zh;q=0.1', 'zh-CN'],
            ['garbage;;;q=x', 'ru-KZ'],
        ];
        for (const [header, tag] of cases) {
            const res = await land('/login', { 'accept-language': header });
            assert.equal(res.status, 200, header);
            assert.equal(htmlLang(res.text), tag, `Accept-Language: ${header}`);
        }
    });

    it('the prefix beats Accept-Language', async () => {
        const res = await srv.client().get('/kk/login', { headers: { 'accept-language': 'zh-CN' } });
        assert.equal(htmlLang(res.text), 'kk-KZ');
    });

    it('the language chosen by prefix is remembered in a cookie and beats Accept-Language', async () => {
        const c = srv.client();
        await c.get('/zh/login');
        const langCookie = [...c.cookies.keys()].find((k) => /lang/.test(k));
        assert.ok(langCookie, `a language cookie is set (${[...c.cookies.keys()]})`);
        assert.equal(c.cookies.get(langCookie), 'zh');
        const res = await c.get('/login', { headers: { 'accept-language': 'en' }, follow: 5 });
        assert.equal(htmlLang(res.text), 'zh-CN');
    });

    it('an unknown prefix is not a language', async () => {
        const res = await srv.client().get('/de/login');
        assert.equal(res.status, 404);
    });
});

describe('translated pages', () => {
    const navText = (html) => {
        const m = html.match(/<nav[\s\S]*?<\/nav>/g);
        assert.ok(m, 'the page has a <nav>');
        return textOf(m.join(' '));
    };
    /** Latin words that are not brand or language names. */
    const englishLeftovers = (text) => (text.match(/[A-Za-z]{3,}/g) || [])
        .filter((w) => !/^(kopir|English|KZ|CN)$/i.test(w));

    for (const code of ['kk', 'ru', 'zh']) {
        for (const page of ['/', '/login', '/orgs']) {
            it(`${code}${page}: navigation and page are translated`, async () => {
                const res = await srv.client().get(`/${code}${page}`, { follow: 3 });
                assert.equal(res.status, 200);
                const nav = navText(res.text);
                assert.deepEqual(englishLeftovers(nav), [], `English words in the /${code} navigation: ${nav}`);
                // Organisation names are data (a Chinese company may have only a Latin name): not checked.
                const body = textOf(res.text.replace(/<a href="\/[a-z]{2}\/orgs\/\d+"[^>]*>[\s\S]*?<\/a>/g, ' '));
                const english = englishLeftovers(body.replace(/\S+@\S+|https?:\S+/g, ''));
                assert.deepEqual(english.filter((w) => !NATIVE.includes(w) && !/^[A-Z]{2,}$/.test(w)), [],
                    `English words on /${code}${page}: ${body.slice(0, 400)}`);
                if (code === 'kk') assert.match(body, /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/, 'Kazakh letters on the kk page');
                if (code === 'zh') assert.match(body, /[\u4e00-\u9fff]{2}/, 'Han characters on the zh page');
                if (code === 'ru') assert.match(body, /[А-Яа-я]{3}/, 'Cyrillic on the ru page');
            });
        }
    }

    // Internal pages, logged in as a coordinator: forms, the detail page with its history.
    for (const code of ['kk', 'zh']) {
        it(`${code}: logged-in pages (detail with history, forms, import, password) are translated`, async () => {
            // A server without the demo, whose data has no English: any Latin word is the interface's.
            const s = await startServer();
            try {
            const c = await s.loginAs('coordinator', code);
            const api = s.api('coordinator');
            const created = await api.post('/api/v1/organisations', { kind: 'training_centre', country: 'KZ', identifier: bin(77),
                name: { kk: 'Тасқала оқу орталығы', ru: 'Таскалинский учебный центр', zh: '塔斯卡拉培训中心' },
                description: { kk: 'Механизаторлар дайындайды', ru: 'Готовит механизаторов', zh: '培训农机手' }, sectors: ['P'] });
            assert.equal(created.status, 201, created.text);
            const id = created.json.id;
            await api.patch(`/api/v1/organisations/${id}`, { website: 'https://example.kz', district: 'Тасқала ауданы' });
            await api.post(`/api/v1/organisations/${id}/people`, { name: { kk: 'Айгүл Серікова', zh: '阿依古丽' },
                position: 'директор', languages: ['kk', 'ru'] });
            const problems = [];
            for (const page of [`/orgs/${id}`, '/orgs/new', `/orgs/${id}/edit`, '/orgs/import', '/account/password', `/orgs/${id}/people/new`]) {
                const res = await c.get(`/${code}${page}`);
                assert.equal(res.status, 200, page);
                // Code samples (<pre>, <code>: CSV column names) are not interface text.
                const main = textOf((res.text.match(/<main[\s\S]*<\/main>/) || [''])[0]
                    .replace(/<(pre|code|kbd)\b[^>]*>[\s\S]*?<\/\1>/g, ' '))
                    .replace(/\S+@\S+|https?:\S+|\b[0-9A-Z]{12,18}\b/g, '');
                const english = englishLeftovers(main.replace(/t-coordinator/g, ''))
                    .filter((w) => !NATIVE.includes(w) && !/^[A-Z]{2,}$/.test(w));
                if (english.length) problems.push(`/${code}${page}: ${[...new Set(english)].join(' ')}`);
            }
            assert.deepEqual(problems, []);
            } finally {
                await stopServer(s, assert);
            }
        });
    }

    it('the language switcher links every language by its native name', async () => {
        const res = await srv.client().get('/zh/login');
        const text = textOf(res.text);
        for (const n of NATIVE) assert.ok(text.includes(n), `${n} in the switcher`);
        for (const code of ['kk', 'ru', 'en']) assert.match(res.text, new RegExp(`href="/${code}/login"`));
    });
});
