-- 0011: merged agencies (`hotro agency merge KEEP DROP`). One office often reaches the library
-- under two names: "Công an tỉnh Lào Cai" and "CA tỉnh Lào Cai", or the same name written once
-- with Ð and once with Đ, which schema 10 had to leave as two agencies (`hotro check` rule
-- agency_name_written_twice). A merge moves every record that points at the dropped agency (the
-- cases it received or sent, the events it recorded, the referrals from and to it, the supports
-- it gave) to the kept one. The dropped agency stays, so that a list naming it later still finds
-- the kept one (lib/agency.cpp), and `hotro agency unmerge MERGE` puts back exactly what moved.
-- The agency table itself is not altered: its rows are sealed (lib/db/seal.cpp), and a new
-- column would change every row's hash.
CREATE TABLE agency_merge (
  id          INTEGER PRIMARY KEY,
  kept_id     INTEGER NOT NULL REFERENCES agency (id),
  dropped_id  INTEGER NOT NULL REFERENCES agency (id),
  reason      TEXT NOT NULL,          -- why the two are one office, as the user wrote it
  moved       TEXT NOT NULL,          -- JSON {"<table>.<column>": [row ids], ...}
  merged_at   TEXT NOT NULL,
  undone_at   TEXT                    -- set by unmerge
);
-- An agency is merged into one other at a time.
CREATE UNIQUE INDEX agency_merge_dropped ON agency_merge (dropped_id) WHERE undone_at IS NULL;
