-- 002_organisations.sql — the organisations registry (owned by the orgs module):
-- organisations with names/descriptions per language, sectors, parent links, people
-- (contacts) with the languages they speak, and the trigram full-text index.
-- Times are UTC ISO 8601 text; nothing is ever deleted, only archived.

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('government', 'chamber', 'development_corporation',
                                              'foundation', 'company', 'training_centre', 'other')),
    country     TEXT NOT NULL CHECK (country IN ('KZ', 'CN', 'OTHER')),
    region      TEXT,
    district    TEXT,
    address     TEXT,
    website     TEXT,
    -- BIN (KZ) or USCC (CN), normalised; NULLs never collide in a UNIQUE column.
    identifier  TEXT UNIQUE,
    parent_id   INTEGER REFERENCES organisations(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
);
CREATE INDEX organisations_parent ON organisations(parent_id);
CREATE INDEX organisations_filter ON organisations(archived_at, kind, country);

-- One row per language the organisation has a name in. name_fold (text_fold of name)
-- is the sort key, so Kazakh and Russian spellings sort together.
CREATE TABLE organisation_names (
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    lang       TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'zh', 'en')),
    name       TEXT NOT NULL,
    short_name TEXT,
    name_fold  TEXT NOT NULL,
    PRIMARY KEY (org_id, lang)
) WITHOUT ROWID;

CREATE TABLE organisation_descriptions (
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    lang        TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'zh', 'en')),
    description TEXT NOT NULL,
    PRIMARY KEY (org_id, lang)
) WITHOUT ROWID;

-- NACE Rev. 2 section letters (src/domain/sector.h).
CREATE TABLE organisation_sectors (
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    sector TEXT NOT NULL,
    PRIMARY KEY (org_id, sector)
) WITHOUT ROWID;
CREATE INDEX organisation_sectors_sector ON organisation_sectors(sector, org_id);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    position    TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
);
CREATE INDEX people_org ON people(org_id);

CREATE TABLE person_names (
    person_id INTEGER NOT NULL REFERENCES people(id),
    lang      TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'zh', 'en')),
    name      TEXT NOT NULL,
    PRIMARY KEY (person_id, lang)
) WITHOUT ROWID;

-- Languages a person speaks: read by the meeting scheduler to plan interpreters.
CREATE TABLE person_languages (
    person_id INTEGER NOT NULL REFERENCES people(id),
    lang      TEXT NOT NULL CHECK (lang IN ('kk', 'ru', 'zh', 'en', 'other')),
    PRIMARY KEY (person_id, lang)
) WITHOUT ROWID;

-- Search text per organisation (rowid = organisations.id): text_fold of every name,
-- short name, description, identifier, address and the names of its people. Kept up
-- to date by src/domain/org.c in the same transaction as each change.
CREATE VIRTUAL TABLE organisation_search USING fts5(body, tokenize = 'trigram');
