-- 0001: the case library. Never edit a released migration; add the next number instead.
-- Content tables (persons, cases, events, audit) are precious; the *_folded columns are
-- derived matching keys (see lib/text/unicode.h fold()).

-- Code lists are data: sex, ethnicity, country, intake_channel, exploitation, ...
-- Each code has a Vietnamese and an English label; variant spellings found in real lists
-- live in code_alias. Matching is on the folded text (accents and case ignored).
CREATE TABLE code_list (
  list     TEXT NOT NULL,
  code     TEXT NOT NULL,
  label_vi TEXT NOT NULL,
  label_en TEXT NOT NULL,
  sort     INTEGER NOT NULL DEFAULT 0,
  source   TEXT,                      -- where the list comes from (legal or standard reference)
  PRIMARY KEY (list, code)
) WITHOUT ROWID;

CREATE TABLE code_alias (
  list    TEXT NOT NULL,
  variant TEXT NOT NULL,              -- a spelling found in real lists, e.g. 'Trung Quốc', 'x'
  code    TEXT NOT NULL,
  PRIMARY KEY (list, variant),
  FOREIGN KEY (list, code) REFERENCES code_list (list, code)
) WITHOUT ROWID;

-- Administrative units (đơn vị hành chính). code_set '2004' = Decision 124/2004/QĐ-TTg series
-- (valid until 30/06/2025); '2025' = Decision 19/2025/QĐ-TTg (from 01/07/2025).
CREATE TABLE admin_unit (
  code_set    TEXT NOT NULL,
  code        TEXT NOT NULL,
  level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  name        TEXT NOT NULL,
  parent_code TEXT,
  valid_from  TEXT,
  valid_to    TEXT,
  PRIMARY KEY (code_set, code)
) WITHOUT ROWID;

-- Old unit → new unit, with the legal basis of the change.
CREATE TABLE admin_unit_map (
  old_set  TEXT NOT NULL,
  old_code TEXT NOT NULL,
  new_set  TEXT NOT NULL,
  new_code TEXT NOT NULL,
  basis    TEXT NOT NULL,
  PRIMARY KEY (old_set, old_code, new_set, new_code)
) WITHOUT ROWID;

-- Agencies that receive, verify, refer and support (cơ quan, đơn vị).
CREATE TABLE agency (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  name_folded TEXT NOT NULL UNIQUE,
  kind     TEXT,                      -- police, border_guard, commune, social_centre, ...
  province TEXT                       -- admin_unit code (code set of its time)
);

-- A person (người). One person may have several cases over the years.
CREATE TABLE person (
  id                 INTEGER PRIMARY KEY,
  full_name          TEXT NOT NULL,   -- NFC
  name_folded        TEXT NOT NULL,
  sex                TEXT,            -- code_list 'sex'
  birth_date         TEXT,            -- ISO 'yyyy-mm-dd', or 'yyyy' when only the year is known
  birth_year         INTEGER,
  ethnicity          TEXT,            -- code_list 'ethnicity'
  citizen_id         TEXT,            -- CCCD/CMND as text: leading zeros kept
  residence          TEXT,            -- as written, NFC
  residence_folded   TEXT,
  residence_province TEXT,            -- admin_unit code, in residence_code_set
  residence_code_set TEXT,
  poor_household     INTEGER,         -- 1 yes, 0 no, NULL unknown
  match_key          INTEGER,         -- duplicate lookup: 64 bits of SHA-256(name_folded|birth_year)
  created_at         TEXT NOT NULL
);
CREATE INDEX person_match ON person (match_key) WHERE match_key IS NOT NULL;
CREATE INDEX person_citizen_id ON person (citizen_id) WHERE citizen_id IS NOT NULL;

-- A case (hồ sơ / vụ việc): one reception of a person, and everything that follows it.
CREATE TABLE case_file (
  id                  INTEGER PRIMARY KEY,
  person_id           INTEGER NOT NULL REFERENCES person (id),
  intake_date         TEXT NOT NULL,  -- ISO
  intake_channel      TEXT NOT NULL,  -- code_list 'intake_channel'
  receiving_agency_id INTEGER REFERENCES agency (id),
  source_agency_id    INTEGER REFERENCES agency (id),  -- who sent the list
  abroad              INTEGER,        -- trafficked abroad 1, at home 0, NULL unknown
  destination_country TEXT,           -- code_list 'country' (ISO 3166-1 alpha-2)
  status              TEXT NOT NULL DEFAULT 'received',
  note                TEXT,
  row_key             INTEGER UNIQUE, -- identity of the list row it came from (re-import):
                                      -- 64 bits of SHA-256 (lib/intake/record.h row_key)
  content_hash        INTEGER,        -- 64 bits of SHA-256 of the row's content (unchanged
                                      -- rows are skipped on re-import)
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX case_person ON case_file (person_id);
CREATE INDEX case_intake_date ON case_file (intake_date);

CREATE TABLE case_exploitation (
  case_id INTEGER NOT NULL REFERENCES case_file (id),
  form    TEXT NOT NULL,              -- code_list 'exploitation'
  PRIMARY KEY (case_id, form)
) WITHOUT ROWID;

-- Persons under 18 accompanying the victim (người dưới 18 tuổi đi cùng).
CREATE TABLE case_minor (
  case_id   INTEGER NOT NULL REFERENCES case_file (id),
  person_id INTEGER NOT NULL REFERENCES person (id),
  relation  TEXT,
  PRIMARY KEY (case_id, person_id)
) WITHOUT ROWID;

-- A case's history: dated events by agencies. Intake is the first; verify, refer and support
-- add theirs. The case's status follows from its events.
CREATE TABLE case_event (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_file (id),
  kind        TEXT NOT NULL,          -- 'intake', ...
  event_date  TEXT NOT NULL,          -- ISO
  agency_id   INTEGER REFERENCES agency (id),
  officer     TEXT,
  detail      TEXT,                   -- JSON
  audit_id    INTEGER NOT NULL REFERENCES audit (id)
);
CREATE INDEX case_event_case ON case_event (case_id, event_date);

-- The audit trail: append-only, hash-chained. hash = SHA-256 of prev_hash and the entry's
-- fields (lib/audit.cpp); `hotro audit verify` recomputes the chain.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,           -- UTC, ISO 8601
  actor      TEXT NOT NULL,
  command    TEXT NOT NULL,           -- e.g. 'intake import'
  action     TEXT NOT NULL,           -- e.g. 'create', 'update', 'import'
  entity     TEXT NOT NULL,           -- e.g. 'case', 'batch'
  entity_ids TEXT NOT NULL,           -- JSON array of ids touched
  before     TEXT,                    -- JSON, for edits
  after      TEXT,                    -- JSON
  detail     TEXT,                    -- JSON (file, hash, counts)
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
