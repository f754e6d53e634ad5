// ident.mjs — builds valid (and deliberately invalid) Kazakh BINs and Chinese USCCs for
// tests, with the check algorithms of docs in shared/domain.md, independent of the C code.

/** Check digit of the first 11 digits of an IIN/BIN, or -1 when never issued. */
export function kzCheckDigit(first11) {
    const d = [...first11].map(Number);
    let s = d.reduce((acc, v, i) => acc + v * (i + 1), 0) % 11;
    if (s === 10) {
        const w = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
        s = d.reduce((acc, v, i) => acc + v * w[i], 0) % 11;
        if (s === 10) return -1;
    }
    return s;
}

/** A valid BIN for serial n: registered 2024-03, resident legal entity, head office. */
export function bin(n) {
    for (let k = n; ; k += 100000) {
        const first = '2403' + '4' + '0' + String(k % 100000).padStart(5, '0');
        const c = kzCheckDigit(first);
        if (c >= 0) return first + c;
    }
}

/** The same BIN with a wrong check digit. */
export function badBin(n) {
    const b = bin(n);
    return b.slice(0, 11) + String((Number(b[11]) + 1) % 10);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17) {
    let s = 0;
    for (let i = 0; i < 17; i++) s += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
    return USCC_ALPHABET[(31 - (s % 31)) % 31];
}

/** A valid USCC for serial n: a company registered in Jinan, Shandong (370100). */
export function uscc(n) {
    const first = '91' + '370100' + 'MA' + String(n % 10000000).padStart(7, '0');
    return first + usccCheckChar(first);
}

/** The same USCC with a wrong check character. */
export function badUscc(n) {
    const u = uscc(n);
    const i = USCC_ALPHABET.indexOf(u[17]);
    return u.slice(0, 17) + USCC_ALPHABET[(i + 1) % 31];
}

// Self-check against the public examples in shared/domain.md.
if (kzCheckDigit('79102830272') !== 8 || kzCheckDigit('06121160001') !== 2 ||
    usccCheckChar('91110000600037341') !== 'L')
    throw new Error('ident.mjs check algorithms disagree with the published examples');
