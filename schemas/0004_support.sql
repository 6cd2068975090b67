-- 0004: supports (hỗ trợ) given to victims, persons being identified and accompanying minors.
-- What a support is worth comes from the rules in force on its date (rules/*.toml, lib/rules/);
-- the row keeps the rule id and the rule file's version that priced it, so a later change of
-- the rules never alters a past payment.

-- Support kinds (nội dung hỗ trợ). The regimes of Law 2011 Art. 32 / Decree 09/2013 and of
-- Law 53/2024 Art. 37 / Decree 162/2025 (shared/legal.md §1, §5.1). The rules say which kinds
-- a person may receive, when, and how much.
INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('support_kind', 'meals', 'Tiền ăn trong thời gian lưu trú tại cơ sở', 'Meals during stay at a facility', 1, 'Decree 09/2013 Art. 19(2)(a); Decree 162/2025 Art. 17'),
  ('support_kind', 'personal_items', 'Quần áo, vật dụng cá nhân', 'Clothing and personal items', 2, 'Decree 09/2013 Art. 19(2)(b); Decree 162/2025 Art. 17'),
  ('support_kind', 'travel_fare', 'Tiền tàu xe về nơi cư trú', 'Fare home', 3, 'Decree 09/2013 Art. 19(2)(c); Law 53/2024 Art. 37(e)'),
  ('support_kind', 'travel_meals', 'Tiền ăn trong những ngày đi đường', 'Meals on travel days', 4, 'Decree 09/2013 Art. 19(2)(c); Law 53/2024 Art. 37(e)'),
  ('support_kind', 'medicine', 'Thuốc chữa bệnh thông thường', 'Ordinary medicine', 5, 'Decree 09/2013 Art. 20; Circular 84/2019/TT-BTC'),
  ('support_kind', 'medical', 'Khám, chữa bệnh', 'Medical examination and treatment', 6, 'Decree 09/2013 Art. 20; Law 53/2024 Art. 37(b)'),
  ('support_kind', 'health_insurance', 'Thẻ bảo hiểm y tế', 'Health-insurance card', 7, 'Circular 84/2019/TT-BTC; Law 53/2024 (first year)'),
  ('support_kind', 'interpretation', 'Phiên dịch', 'Interpretation', 8, 'Law 53/2024 Art. 37(c)'),
  ('support_kind', 'legal_counselling', 'Hỗ trợ pháp luật', 'Legal counselling', 9, 'Law 53/2024 Art. 37(d)'),
  ('support_kind', 'legal_aid', 'Trợ giúp pháp lý', 'Legal aid', 10, 'Decree 09/2013 Art. 22; Law 53/2024 Art. 37(đ)'),
  ('support_kind', 'psychological', 'Hỗ trợ tâm lý', 'Psychological support', 11, 'Decree 09/2013 Art. 21; Law 53/2024 Art. 37(g)'),
  ('support_kind', 'education', 'Hỗ trợ giáo dục phổ thông', 'General education', 12, 'Decree 09/2013 Art. 23(a); Decree 162/2025 Art. 24'),
  ('support_kind', 'vocational_training', 'Hỗ trợ học nghề', 'Vocational training', 13, 'Decree 09/2013 Art. 23(b); Decree 162/2025 Art. 24'),
  ('support_kind', 'job_counselling', 'Tư vấn, giới thiệu việc làm', 'Job counselling and placement', 14, 'Law 53/2024 Art. 37(i)'),
  ('support_kind', 'initial_hardship', 'Trợ cấp khó khăn ban đầu', 'Initial hardship allowance', 15, 'Decree 09/2013 Art. 23(c); Decree 162/2025 Art. 24'),
  ('support_kind', 'loan', 'Hỗ trợ vay vốn', 'Loan support', 16, 'Decree 09/2013 Art. 24; Law 53/2024 Art. 37(k)');

INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('support_status', 'proposed', 'Đề xuất', 'Proposed', 1, 'shared/domain.md §2'),
  ('support_status', 'approved', 'Đã duyệt', 'Approved', 2, 'shared/domain.md §2'),
  ('support_status', 'paid', 'Đã chi trả', 'Paid', 3, 'shared/domain.md §2'),
  ('support_status', 'cancelled', 'Đã hủy', 'Cancelled', 4, 'shared/domain.md §2');

-- One support given to one person of a case. status: proposed → approved (decision number,
-- decider) → paid; proposed | approved → cancelled. Money is integer VND.
CREATE TABLE support (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES case_file (id),
  person_id       INTEGER NOT NULL REFERENCES person (id),  -- the victim or an accompanying minor
  kind            TEXT NOT NULL,      -- code_list 'support_kind'
  support_date    TEXT NOT NULL,      -- ISO; the date that selects the rules in force
  agency_id       INTEGER REFERENCES agency (id),  -- the agency that gives the support
  quantity        INTEGER,            -- days, sessions, ... (NULL for once / actual cost)
  unit            TEXT NOT NULL,      -- per_day, per_session, once, actual_cost
  amount_vnd      INTEGER NOT NULL CHECK (amount_vnd >= 0),
  province        TEXT,               -- province code whose resolution priced it, or NULL
  rule_id         TEXT NOT NULL,      -- the entitlement that priced it, e.g. 'decree162.meals'
  rule_version    TEXT NOT NULL,      -- SHA-256 of the rule files in force, first 16 hex digits
  rule_citation   TEXT NOT NULL,      -- the legal basis of the amount, as printed
  override_reason TEXT,               -- set when a refusal of the rules was overridden
  reason          TEXT,               -- what an actual-cost amount was for
  status          TEXT NOT NULL DEFAULT 'proposed'
                  CHECK (status IN ('proposed', 'approved', 'paid', 'cancelled')),
  decision_no     TEXT,               -- approval decision (số quyết định)
  decided_by      TEXT,               -- who approved
  decision_date   TEXT,
  paid_date       TEXT,
  row_key         INTEGER UNIQUE,     -- identity of the list row it came from (support import)
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX support_case ON support (case_id, kind);
CREATE INDEX support_date ON support (support_date);
