// accounts.test.mjs — the storage and account commands end to end: kopir init, user
// add/token/passwd/list/archive and check, with their exit codes and stderr messages.
// Binary: process.env.KOPIR. Each test works in its own temporary directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const KOPIR = process.env.KOPIR || path.resolve('../kopir');
let dir;
let n = 0;

before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kopir-cli-accounts-')); });
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function kopir(args, { input, env } = {}) {
  const r = spawnSync(KOPIR, args, {
    input: input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...(env || {}) },
    timeout: 30000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A fresh, initialised database path.
function freshDb() {
  const db = path.join(dir, `t${++n}`, 'kopir.db');
  const r = kopir(['init', '--db', db]);
  assert.equal(r.code, 0, r.err);
  return db;
}

test('init creates the database and its directory, then reports it up to date', () => {
  const db = path.join(dir, 'init', 'nested', 'kopir.db');
  const r1 = kopir(['init', '--db', db]);
  assert.equal(r1.code, 0, r1.err);
  assert.match(r1.out, new RegExp(`^created database ${db}: schema version [1-9][0-9]*\\n$`));
  const version = r1.out.match(/schema version (\d+)/)[1];
  assert.ok(fs.existsSync(db));
  const r2 = kopir(['init', '--db', db]);
  assert.equal(r2.code, 0);
  assert.equal(r2.out, `database ${db} is up to date: schema version ${version}\n`);
  assert.equal(r2.err, '');
});

test('init refuses a file that is not a database', () => {
  const junk = path.join(dir, 'junk.db');
  fs.writeFileSync(junk, 'this is not an SQLite database, only some plain text in a file\n');
  const r = kopir(['init', '--db', junk]);
  assert.equal(r.code, 1);
  assert.equal(r.err, `kopir: cannot open database ${junk}: file is not a database\n`);
});

test('init, user and check print their help with exit 0', () => {
  for (const args of [['init', '--help'], ['check', '--help'], ['user', '--help'],
                      ['user', 'add', '--help'], ['user', 'token', '--help']]) {
    const r = kopir(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.out, /^usage: kopir /, args.join(' '));
  }
});

test('user add reads the password from stdin', () => {
  const db = freshDb();
  const r = kopir(['user', 'add', 'aigul', '--role', 'admin', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'created user aigul (id 1, role admin)\n');
  const list = kopir(['user', 'list', '--db', db]);
  assert.equal(list.code, 0);
  assert.match(list.out, /^ID +NAME +ROLE +ORG +CREATED +ARCHIVED\n1 +aigul +admin +- +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ -\n$/);
});

test('user add errors: duplicate, bad role, short password, member without organisation', () => {
  const db = freshDb();
  assert.equal(kopir(['user', 'add', 'wang', '--role', 'viewer', '--db', db], { input: 'correct horse\n' }).code, 0);

  let r = kopir(['user', 'add', 'WANG', '--role', 'viewer', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: A user with this name already exists.\n');

  r = kopir(['user', 'add', 'bob', '--role', 'boss', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 2);
  assert.equal(r.err, "kopir: unknown role 'boss': choose admin, coordinator, member or viewer\n");

  r = kopir(['user', 'add', 'bob', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 2);
  assert.equal(r.err, 'kopir: user add needs --role (admin, coordinator, member or viewer)\n');

  r = kopir(['user', 'add', 'bob', '--role', 'viewer', '--db', db], { input: 'short\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: The password must be at least 8 characters long.\n');

  r = kopir(['user', 'add', 'bob', '--role', 'viewer', '--db', db], { input: '' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: expected the password as one line on standard input (at most 256 characters)\n');

  r = kopir(['user', 'add', 'bob smith', '--role', 'viewer', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 1);
  assert.match(r.err, /^kopir: A user name must be 1 to 64 characters long/);

  r = kopir(['user', 'add', 'bob', '--role', 'member', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: A member account must belong to an organisation.\n');

  r = kopir(['user', 'add', 'bob', '--role', 'member', '--org', '42', '--db', db], { input: 'correct horse\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: This organisation does not exist or is archived.\n');

  // Nothing half-written: only wang exists.
  const list = kopir(['user', 'list', '--all', '--db', db]);
  assert.equal(list.out.trim().split('\n').length, 2);
});

test('user commands need an existing database', () => {
  const missing = path.join(dir, 'missing', 'kopir.db');
  const r = kopir(['user', 'add', 'x', '--role', 'admin', '--db', missing], { input: 'correct horse\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `kopir: no database at ${missing} (create it with: kopir init --db ${missing})\n`);
  assert.ok(!fs.existsSync(missing));
});

test('KOPIR_DB selects the database', () => {
  const db = freshDb();
  const r = kopir(['user', 'add', 'env.user', '--role', 'coordinator'], { input: 'correct horse\n', env: { KOPIR_DB: db } });
  assert.equal(r.code, 0, r.err);
  assert.match(kopir(['user', 'list', '--db', db]).out, /env\.user +coordinator/);
});

test('user token prints only a fresh token; unknown users fail', () => {
  const db = freshDb();
  kopir(['user', 'add', 'bot', '--role', 'coordinator', '--db', db], { input: 'correct horse\n' });
  const a = kopir(['user', 'token', 'bot', '--label', 'import script', '--db', db]);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /^[A-Za-z0-9_-]{43}\n$/);
  const b = kopir(['user', 'token', 'bot', '--db', db]);
  assert.notEqual(a.out, b.out);
  const r = kopir(['user', 'token', 'nobody', '--db', db]);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.equal(r.err, "kopir: no active user named 'nobody'\n");
  const u = kopir(['user', 'token', '--db', db]);
  assert.equal(u.code, 2);
  assert.equal(u.err, 'kopir: token needs the user NAME (see --help)\n');
});

test('user passwd and archive', () => {
  const db = freshDb();
  kopir(['user', 'add', 'dana', '--role', 'viewer', '--db', db], { input: 'correct horse\n' });
  let r = kopir(['user', 'passwd', 'dana', '--db', db], { input: 'battery staple\n' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'password changed for dana\n');
  r = kopir(['user', 'passwd', 'dana', '--db', db], { input: 'tiny\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kopir: The password must be at least 8 characters long.\n');
  r = kopir(['user', 'archive', 'dana', '--db', db]);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'archived user dana\n');
  assert.doesNotMatch(kopir(['user', 'list', '--db', db]).out, /dana/);
  assert.match(kopir(['user', 'list', '--all', '--db', db]).out, /dana +viewer +- +\S+ +\d{4}-/);
  r = kopir(['user', 'archive', 'dana', '--db', db]);
  assert.equal(r.code, 1);
  assert.equal(r.err, "kopir: no active user named 'dana'\n");
  r = kopir(['user', 'token', 'dana', '--db', db]);
  assert.equal(r.code, 1);
});

test('unknown user subcommand is a usage error', () => {
  const r = kopir(['user', 'frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^kopir: unknown user command 'frobnicate'\nusage: kopir user /);
});

test('check: healthy, missing, and broken foreign keys', (t) => {
  const db = freshDb();
  kopir(['user', 'add', 'eve', '--role', 'admin', '--db', db], { input: 'correct horse\n' });
  let r = kopir(['check', '--db', db]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`^${db}: ok \\(integrity and foreign keys checked, schema version \\d+\\)\\n$`));

  const missing = path.join(dir, 'nothing.db');
  r = kopir(['check', '--db', missing]);
  assert.equal(r.code, 1);
  assert.equal(r.err, `kopir: no database at ${missing}: no such file or directory\n`);
  assert.ok(!fs.existsSync(missing));

  // Break a reference behind kopir's back with the sqlite3 shell (foreign keys off).
  const sh = spawnSync('sqlite3', [db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('x', 99, 'c', 'now', 'later');"], { encoding: 'utf8' });
  if (sh.error) { t.skip('sqlite3 shell not installed'); return; }
  assert.equal(sh.status, 0, sh.stderr);
  r = kopir(['check', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^kopir: foreign key problem: table=sessions rowid=\d+ parent=users fkid=0\n/);
  assert.match(r.err, /kopir: .*: 1 problem found \(details above\)\n$/);
});
