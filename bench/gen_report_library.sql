-- SPDX-License-Identifier: MIT
-- Fills a fresh library (after `hotro init`) for bench/report_bench.sh: N cases (default
-- 1,000,000) of 0.9 N persons, intakes spread evenly from 2017-01-01 to 2026-11-25, with forms
-- of exploitation, verification events, referrals, and three supports for every case received
-- in 2025 (about N/10 persons supported that year). Deterministic; plain SQL. Another size:
-- create the table bench_size first, e.g.
--   { echo 'CREATE TEMP TABLE bench_size AS SELECT 100000 AS cases;'; cat gen_report_library.sql; } | sqlite3 DB
CREATE TEMP TABLE IF NOT EXISTS bench_size AS SELECT 1000000 AS cases;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
BEGIN;
INSERT INTO audit (id, at, actor, command, action, entity, entity_ids, prev_hash, hash)
  VALUES (1, '2026-01-01T00:00:00Z', 'bench', 'bench', 'create', 'case', '[]', '', 'bench');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO agency (id, name, name_folded, kind) SELECT i, 'Cơ quan ' || i, 'co quan ' || i, 'police' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT cases * 9 / 10 FROM bench_size))
INSERT INTO person (id, full_name, name_folded, sex, birth_date, birth_year, ethnicity, citizen_id, residence, created_at)
SELECT i, 'Lò Thị Người ' || i, 'lo thi nguoi ' || i,
       CASE WHEN i % 10 < 7 THEN 'F' WHEN i % 10 < 9 THEN 'M' END,
       CASE WHEN i % 3 = 0 THEN CAST(1975 + i % 45 AS TEXT) ELSE printf('%04d-%02d-%02d', 1975 + i % 45, 1 + i % 12, 1 + i % 28) END,
       1975 + i % 45,
       CASE WHEN i % 20 = 0 THEN NULL WHEN i % 5 < 2 THEN '01' ELSE printf('%02d', 2 + i % 50) END,
       CASE WHEN i % 4 <> 0 THEN printf('0%011d', i) END,
       'Xã ' || (i % 500) || ', tỉnh Lào Cai', '2026-01-01T00:00:00Z'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT cases FROM bench_size))
INSERT INTO case_file (id, person_id, intake_date, intake_channel, receiving_agency_id, abroad, destination_country,
                       status, created_at, updated_at)
SELECT i, (i - 1) % (SELECT cases * 9 / 10 FROM bench_size) + 1, date('2017-01-01', '+' || ((i * 7919) % 3616) || ' days'),
       CASE i % 7 WHEN 0 THEN 'self_returned' WHEN 1 THEN 'rescued' WHEN 2 THEN 'handed_over' WHEN 3 THEN 'hotline'
                  WHEN 4 THEN 'tip_off' WHEN 5 THEN 'screening' ELSE 'other' END,
       CASE WHEN i % 37 = 0 THEN NULL ELSE 1 + i % 20 END,
       CASE WHEN i % 50 = 0 THEN NULL WHEN i % 10 = 0 THEN 0 ELSE 1 END,
       CASE WHEN i % 10 = 0 OR i % 50 = 0 THEN NULL ELSE CASE i % 6 WHEN 0 THEN 'CN' WHEN 1 THEN 'KH' WHEN 2 THEN 'LA'
                                                                 WHEN 3 THEN 'MM' WHEN 4 THEN 'TH' ELSE 'MY' END END,
       CASE WHEN i % 6 = 0 THEN 'identified' WHEN i % 3 = 0 THEN 'being_identified' ELSE 'received' END,
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
INSERT INTO case_exploitation (case_id, form)
SELECT id, CASE id % 9 WHEN 0 THEN 'sexual' WHEN 1 THEN 'forced_labour' WHEN 2 THEN 'forced_marriage' WHEN 3 THEN 'forced_crime'
                       WHEN 4 THEN 'child_sale' WHEN 5 THEN 'other' WHEN 6 THEN 'sexual' WHEN 7 THEN 'forced_marriage' ELSE 'unknown' END
FROM case_file;
INSERT OR IGNORE INTO case_exploitation (case_id, form) SELECT id, 'forced_labour' FROM case_file WHERE id % 10 = 3;
INSERT INTO case_event (case_id, kind, event_date, agency_id, detail, audit_id)
SELECT id, 'verify_start', date(intake_date, '+5 days'), receiving_agency_id, '{}', 1 FROM case_file WHERE id % 3 = 0;
INSERT INTO case_event (case_id, kind, event_date, agency_id, detail, audit_id)
SELECT id, 'verify_decide', date(intake_date, '+20 days'), receiving_agency_id, '{"result":"victim"}', 1 FROM case_file WHERE id % 6 = 0;
INSERT INTO referral (id, case_id, from_agency_id, to_agency_id, reason, escort, status, sent_date, updated_date)
SELECT id, id, receiving_agency_id, 1 + (id + 3) % 20, 'hỗ trợ', 1, 'sent', date(intake_date, '+21 days'), date(intake_date, '+21 days')
FROM case_file WHERE id % 10 = 0;
INSERT INTO case_event (case_id, kind, event_date, agency_id, detail, audit_id)
SELECT case_id, 'refer_send', sent_date, from_agency_id, json_object('referral', id), 1 FROM referral;
INSERT INTO support (case_id, person_id, kind, support_date, agency_id, quantity, unit, amount_vnd, rule_id, rule_version,
                     rule_citation, status, paid_date, created_at, updated_at)
SELECT c.id, c.person_id, k.kind, date(c.intake_date, '+' || k.d || ' days'), 1 + c.id % 20, k.q, k.unit, k.amount,
       'bench', 'bench', 'bench', 'paid', date(c.intake_date, '+' || (k.d + 3) || ' days'),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM case_file c,
     (SELECT 'meals' AS kind, 0 AS d, 10 AS q, 'per_day' AS unit, 400000 AS amount
      UNION ALL SELECT 'personal_items', 1, NULL, 'once', 500000
      UNION ALL SELECT 'travel_fare', 2, NULL, 'once', 350000) k
WHERE c.intake_date BETWEEN '2025-01-01' AND '2025-12-20';
COMMIT;
ANALYZE;
