-- 0003: the case workflow: verification and identification, protection, referral.
-- A case's history is its case_event rows (0001); its status follows from them and is kept in
-- case_file.status by the same transaction that adds the event (lib/workflow.cpp).

INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('case_status', 'being_identified', 'Đang trong quá trình xác định là nạn nhân', 'Being identified as a victim', 2, 'Law 53/2024/QH15; shared/domain.md §2'),
  ('case_status', 'identified', 'Đã xác định là nạn nhân', 'Identified victim', 3, 'shared/domain.md §2'),
  ('case_status', 'not_victim', 'Không phải nạn nhân', 'Not a victim', 4, 'shared/domain.md §2');

-- The documents that prove victim status (giấy tờ xác nhận nạn nhân): Law 2011 Art. 28;
-- Circular 35/2013 Art. 16 repeats the list (shared/legal.md §3.1).
INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('victim_document', 'district_police', 'Giấy xác nhận của Công an cấp huyện', 'Certificate of the district police', 1, 'Law 2011 Art. 28(1), Art. 24(4)'),
  ('victim_document', 'rescuing_agency', 'Giấy xác nhận của cơ quan giải cứu (Công an, Biên phòng, Cảnh sát biển)', 'Certificate of the rescuing agency (police, border guard, coast guard)', 2, 'Law 2011 Art. 28(2), Art. 25'),
  ('victim_document', 'procedural_body', 'Giấy xác nhận của cơ quan điều tra, Viện kiểm sát hoặc Tòa án', 'Certificate of an investigation agency, the Procuracy or a Court', 3, 'Law 2011 Art. 28(3)'),
  ('victim_document', 'foreign_authority', 'Giấy tờ của cơ quan nước ngoài đã được hợp pháp hóa lãnh sự', 'Papers of a foreign authority, consularly legalised', 4, 'Law 2011 Art. 28(4)');
INSERT INTO code_alias (list, variant, code) VALUES
  ('victim_document', 'công an huyện', 'district_police'),
  ('victim_document', 'công an cấp huyện', 'district_police'),
  ('victim_document', 'cơ quan giải cứu', 'rescuing_agency'),
  ('victim_document', 'giải cứu', 'rescuing_agency'),
  ('victim_document', 'cơ quan tố tụng', 'procedural_body'),
  ('victim_document', 'tòa án', 'procedural_body'),
  ('victim_document', 'viện kiểm sát', 'procedural_body'),
  ('victim_document', 'cơ quan điều tra', 'procedural_body'),
  ('victim_document', 'nước ngoài', 'foreign_authority');

-- Protection measures for victims and their close relatives: Decree 62/2012/NĐ-CP Art. 7
-- (shared/legal.md §3.2). Whether Law 53/2024 changed the list is not confirmed there.
INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('protection_measure', 'secret_evidence', 'Giữ bí mật việc cung cấp chứng cứ', 'Keep the provision of evidence secret', 1, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'secret_identity', 'Giữ bí mật thông tin nhân thân, nơi cư trú, nơi làm việc, học tập', 'Keep identity, residence, work and study information secret', 2, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'guard', 'Bố trí lực lượng bảo vệ tại nơi ở, nơi làm việc, học tập, trên đường đi và tại phiên tòa', 'Guards at residence, work, study, travel and hearings', 3, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'restrict_contact', 'Hạn chế việc đi lại, giao tiếp', 'Restrict movement and communication', 4, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'temporary_shelter', 'Bố trí nơi tạm lánh', 'Temporary shelter', 5, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'relocation', 'Thay đổi nơi cư trú, nơi làm việc, học tập', 'New residence, work or study place', 6, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'prevent_harm', 'Biện pháp ngăn chặn hành vi xâm hại', 'Preventive measures against harm', 7, 'Decree 62/2012/NĐ-CP Art. 7'),
  ('protection_measure', 'closed_trial', 'Xét xử kín', 'Closed trial', 8, 'Decree 62/2012/NĐ-CP Art. 7');

-- Referrals (chuyển tuyến) between agencies and to the place of residence.
-- status: sent → accepted | declined; accepted → completed; sent | accepted → revoked.
CREATE TABLE referral (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES case_file (id),
  from_agency_id INTEGER REFERENCES agency (id),
  to_agency_id   INTEGER NOT NULL REFERENCES agency (id),
  reason         TEXT NOT NULL,
  escort         INTEGER NOT NULL DEFAULT 0,  -- the person travels escorted (required for minors)
  status         TEXT NOT NULL DEFAULT 'sent'
                 CHECK (status IN ('sent', 'accepted', 'declined', 'completed', 'revoked')),
  sent_date      TEXT NOT NULL,
  updated_date   TEXT NOT NULL
);
CREATE INDEX referral_case ON referral (case_id);
CREATE INDEX case_event_kind ON case_event (kind, event_date);

INSERT INTO code_alias (list, variant, code) VALUES
  ('protection_measure', 'giữ bí mật chứng cứ', 'secret_evidence'),
  ('protection_measure', 'giữ bí mật nhân thân', 'secret_identity'),
  ('protection_measure', 'giữ bí mật thông tin nhân thân', 'secret_identity'),
  ('protection_measure', 'bảo vệ', 'guard'),
  ('protection_measure', 'bố trí lực lượng bảo vệ', 'guard'),
  ('protection_measure', 'hạn chế đi lại, giao tiếp', 'restrict_contact'),
  ('protection_measure', 'nơi tạm lánh', 'temporary_shelter'),
  ('protection_measure', 'tạm lánh', 'temporary_shelter'),
  ('protection_measure', 'thay đổi nơi cư trú', 'relocation'),
  ('protection_measure', 'ngăn chặn', 'prevent_harm'),
  ('protection_measure', 'xét xử kín', 'closed_trial');

INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('referral_status', 'sent', 'Đã gửi', 'Sent', 1, 'hotro'),
  ('referral_status', 'accepted', 'Nơi nhận đã chấp nhận', 'Accepted', 2, 'hotro'),
  ('referral_status', 'declined', 'Nơi nhận từ chối', 'Declined', 3, 'hotro'),
  ('referral_status', 'completed', 'Đã hoàn thành', 'Completed', 4, 'hotro'),
  ('referral_status', 'revoked', 'Đã thu hồi', 'Revoked', 5, 'hotro');

-- Merged persons (`hotro dedupe merge KEEP DROP`): the dropped person's cases and minor links
-- move to the kept person; the dropped row stays, pointing at the kept one, so that
-- `hotro dedupe unmerge MERGE` can put everything back.
ALTER TABLE person ADD COLUMN merged_into INTEGER REFERENCES person (id);
CREATE TABLE person_merge (
  id          INTEGER PRIMARY KEY,
  kept_id     INTEGER NOT NULL REFERENCES person (id),
  dropped_id  INTEGER NOT NULL REFERENCES person (id),
  moved       TEXT NOT NULL,          -- JSON {"cases": [ids], "minor_links": [[case, person]...]}
  merged_at   TEXT NOT NULL,
  undone_at   TEXT                    -- set by unmerge
);
