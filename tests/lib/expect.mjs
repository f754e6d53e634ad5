// expect.mjs — shared assertions: an API error answer (status, JSON error object naming
// the field, message in the request's language) and "the message is in language L".
import assert from 'node:assert/strict';

/** Asserts that text is written in lang: Kazakh/Russian Cyrillic, Han characters, or Latin. */
export function assertInLanguage(text, lang, what = 'message') {
    assert.ok(typeof text === 'string' && text.trim().length >= 3, `${what}: non-empty (${text})`);
    const cyr = (text.match(/[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/g) || []).length;
    const han = (text.match(/[\u4e00-\u9fff]/g) || []).length;
    const lat = (text.match(/[A-Za-z]/g) || []).length;
    // Technical names (JSON, Content-Type) may stand in any language: ask for real words.
    if (lang === 'ru' || lang === 'kk') assert.ok(cyr >= 8 && /[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{3}/.test(text), `${what} in ${lang}: ${text}`);
    if (lang === 'zh') assert.ok(han > 0, `${what} in zh: ${text}`);
    if (lang === 'en') assert.ok(lat > 0 && cyr === 0 && han === 0, `${what} in en: ${text}`);
}

/**
 * Asserts an API error: status (number or list), {"error": {"code", "message", "field"}}
 * with field matching (string = exact or prefix before "." / "_", RegExp), message in lang.
 */
export function assertApiError(res, { status, field, lang = 'ru', what = '' }) {
    const ok = Array.isArray(status) ? status.includes(res.status) : res.status === status;
    assert.ok(ok, `${what}: status ${res.status}, expected ${status}: ${res.text.slice(0, 300)}`);
    assert.match(res.headers.get('content-type') || '', /^application\/json/, `${what}: JSON error`);
    const e = res.json?.error;
    assert.ok(e && typeof e === 'object', `${what}: error object: ${res.text.slice(0, 300)}`);
    assert.equal(typeof e.code, 'string', `${what}: error.code`);
    assertInLanguage(e.message, lang, `${what}: error.message`);
    if (field !== undefined) {
        const fields = [e.field, ...(e.fields || []).map((f) => f.field), ...(e.errors || []).map((f) => f.field)]
            .filter((f) => typeof f === 'string');
        const match = (f) => (field instanceof RegExp ? field.test(f)
            : f === field || f.startsWith(field + '.') || f.startsWith(field + '_'));
        assert.ok(fields.some(match), `${what}: error names field ${field} (got ${JSON.stringify(e)})`);
    }
    return e;
}
