-- 0009: the seal of the case data (niêm phong dữ liệu), so that `hotro audit verify` finds a
-- row changed behind the audit trail's back (a sqlite3 shell, another program), not only an
-- edited or deleted audit entry.
-- hotro keeps, for each sealed table (lib/db/seal.cpp: the case data and the records of its
-- changes), the sum of the SHA-256 hashes of its rows, following every row it writes; each
-- transaction that writes appends one seal: the sums after it, the newest audit entry, and a
-- hash chained to the previous seal and to that entry's hash. verify recomputes the sums from
-- the rows and compares them with the last seal.
-- The first seal is written as this upgrade commits, from the rows as they stand.
CREATE TABLE seal (
  id        INTEGER PRIMARY KEY,
  audit_id  INTEGER REFERENCES audit (id),  -- the newest audit entry when sealed (NULL: none yet)
  reason    TEXT NOT NULL CHECK (reason IN ('write', 'upgrade', 'unaudited')),
  digest    TEXT NOT NULL,                  -- 'table:<64 hex>' for each sealed table
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL                   -- SHA-256 of prev_hash, id, audit_id, its hash, reason, digest
);
CREATE TRIGGER seal_no_update BEFORE UPDATE ON seal
BEGIN SELECT RAISE(ABORT, 'the seals are append-only'); END;
CREATE TRIGGER seal_no_delete BEFORE DELETE ON seal
BEGIN SELECT RAISE(ABORT, 'the seals are append-only'); END;
