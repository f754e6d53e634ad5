// gen-event.mjs — generates a large, deterministic B2B event in kopir's JSON problem
// format (docs/sched-json.md) for the scheduler's scale test: by default 2,000
// participants, 20,000 requested meetings, 24 slots, 300 tables, 5 languages, 40 interpreters.
// usage: node gen-event.mjs [participants meetings slots tables interpreters seed] > event.json
export function generateEvent({ participants = 2000, meetings = 20000, slots = 24, tables = 300,
                                interpreters = 40, seed = 7 } = {}) {
  let state = BigInt(seed) * 0x9E3779B97F4A7C15n & 0xFFFFFFFFFFFFFFFFn || 1n;
  const rand = (n) => { // xorshift64, deterministic across platforms
    state ^= state << 13n; state &= 0xFFFFFFFFFFFFFFFFn;
    state ^= state >> 7n;
    state ^= state << 17n; state &= 0xFFFFFFFFFFFFFFFFn;
    return Number(state % BigInt(n));
  };
  const languages = ['kk', 'ru', 'zh', 'en', 'de'];
  const people = [];
  for (let i = 0; i < participants; i++) {
    // Half Kazakh companies (Russian, often Kazakh), half Chinese (Chinese, some Russian);
    // many speak English, a few German: about 40 % of cross-border meetings need no interpreter.
    const kz = i % 2 === 0;
    const langs = kz ? ['ru'] : ['zh'];
    if (kz && rand(10) < 7) langs.push('kk');
    if (!kz && rand(10) < 3) langs.push('ru');
    if (rand(10) < 4) langs.push('en');
    if (rand(20) === 0) langs.push('de');
    const p = { name: `${kz ? 'KZ' : 'CN'} company ${i + 1}`, languages: langs };
    if (rand(10) === 0) p.forbidden = [1 + rand(slots), 1 + rand(slots)].filter((v, k, a) => a.indexOf(v) === k);
    people.push(p);
  }
  const seen = new Set();
  const list = [];
  while (list.length < meetings) {
    const a = 1 + rand(participants);
    // Two thirds cross-border (a Kazakh with a Chinese company), the rest within a side.
    let b = 1 + rand(participants);
    if (rand(3) < 2 && (a % 2) === (b % 2)) b = b % participants + 1;
    if (a === b) continue;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = rand(10);
    list.push({ a, b, session: r === 0 ? 'morning' : r === 1 ? 'afternoon' : 'any' });
  }
  const pairs = [['kk', 'zh'], ['ru', 'zh'], ['en', 'zh'], ['de', 'zh'], ['ru', 'en']];
  const interp = [];
  for (let i = 0; i < interpreters; i++) {
    const own = [pairs[i % pairs.length]];
    if (rand(3) === 0) own.push(pairs[rand(pairs.length)]);
    const it = { name: `Interpreter ${i + 1}`, pairs: own };
    if (rand(4) === 0) { // a half-day interpreter
      const half = Math.floor(slots / 2), from = rand(2) ? 1 : half + 1;
      it.available = Array.from({ length: half }, (_, k) => from + k);
    }
    interp.push(it);
  }
  return { format: 'kopir-sched-1', slots, morning: Math.floor(slots / 2), tables, languages,
           participants: people, meetings: list, interpreters: interp };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [participants, meetings, slots, tables, interpreters, seed] = process.argv.slice(2).map(Number);
  const opts = {};
  if (participants) Object.assign(opts, { participants });
  if (meetings) Object.assign(opts, { meetings });
  if (slots) Object.assign(opts, { slots });
  if (tables) Object.assign(opts, { tables });
  if (interpreters) Object.assign(opts, { interpreters });
  if (seed) Object.assign(opts, { seed });
  process.stdout.write(JSON.stringify(generateEvent(opts)) + '\n');
}
