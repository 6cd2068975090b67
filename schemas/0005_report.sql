-- 0005: closed reporting periods. `hotro report close PERIOD` freezes the figures of every
-- report template for the period as submitted (report_snapshot holds each report as JSON,
-- lib/report/report.h); later edits of cases in a closed period are flagged when the report
-- is made again, and only `hotro report reopen PERIOD --reason R` (audited) opens it again.
CREATE TABLE report_period (
  id              INTEGER PRIMARY KEY,
  period          TEXT NOT NULL,       -- the period's name, e.g. '2026-Q3'
  closed_at       TEXT NOT NULL,       -- UTC, ISO 8601
  closed_by       TEXT NOT NULL,
  close_audit_id  INTEGER NOT NULL REFERENCES audit (id),
  reopened_at     TEXT,
  reopened_by     TEXT,
  reopen_reason   TEXT,
  reopen_audit_id INTEGER REFERENCES audit (id)
);
CREATE UNIQUE INDEX report_period_closed ON report_period (period) WHERE reopened_at IS NULL;

CREATE TABLE report_snapshot (
  period_id INTEGER NOT NULL REFERENCES report_period (id),
  template  TEXT NOT NULL,             -- template id (file name without .toml)
  cutoff    TEXT NOT NULL,             -- calendar | state_cutoff
  from_date TEXT NOT NULL,
  to_date   TEXT NOT NULL,
  report    TEXT NOT NULL,             -- the report as submitted, JSON
  PRIMARY KEY (period_id, template, cutoff)
) WITHOUT ROWID;
