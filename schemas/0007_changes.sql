-- 0007: reversible corrections. `hotro edit` and `hotro units remap` change fields of existing
-- records; each run is one change set, and every field it changed is kept with its value before
-- and after (lib/changes.h), so `hotro edit --undo SET` can put the old values back. The audit
-- entry of the run carries the SHA-256 of its field changes, so they cannot be altered unseen.
CREATE TABLE change_set (
  id             INTEGER PRIMARY KEY,
  command        TEXT NOT NULL,      -- e.g. 'edit', 'units remap'
  reason         TEXT,               -- why, as the user gave it
  made_at        TEXT NOT NULL,      -- UTC, ISO 8601
  audit_id       INTEGER NOT NULL REFERENCES audit (id),
  undone_at      TEXT,
  undo_audit_id  INTEGER REFERENCES audit (id)
);

CREATE TABLE field_change (
  change_set_id INTEGER NOT NULL REFERENCES change_set (id),
  entity        TEXT NOT NULL,       -- the table: person, case_file, agency
  entity_id     INTEGER NOT NULL,
  field         TEXT NOT NULL,       -- the column
  before        TEXT,                -- the value as JSON (null, a number or a string)
  after         TEXT,
  PRIMARY KEY (change_set_id, entity, entity_id, field)
) WITHOUT ROWID;
CREATE INDEX field_change_record ON field_change (entity, entity_id);
