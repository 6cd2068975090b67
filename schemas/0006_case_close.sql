-- 0006: closing a case (kết thúc hồ sơ, đóng hồ sơ) and reopening it (mở lại hồ sơ).
-- The last step of a case's life (shared/domain.md §2.6: reintegration and closure). Closing is
-- a dated case_event 'case_close' whose detail holds the reason code below (and the status it
-- closed from, for reading); reopening is a 'case_reopen' event. The status before the closure
-- is derived from the events (lib/workflow.cpp), so a reopened case is back where it was.
-- No table changes: the events are case_event rows (0001), case_file.status is kept by the
-- same transaction.

INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('case_status', 'closed', 'Đã kết thúc hồ sơ', 'Closed', 5, 'shared/domain.md §2 (6. reintegration and closure)');

-- Why a case is closed (lý do kết thúc hồ sơ). Circular 35/2013/TT-BLĐTBXH Art. 12 ends the
-- support process with community reintegration (Art. 15); the other reasons are the ways a case
-- ends in practice. 'other' needs a note saying what it is.
INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('case_close_reason', 'reintegrated', 'Đã tái hòa nhập cộng đồng', 'Reintegrated into the community', 1, 'Circular 35/2013/TT-BLĐTBXH Art. 12, Art. 15; shared/domain.md §2'),
  ('case_close_reason', 'not_victim', 'Không phải nạn nhân, không cần hỗ trợ thêm', 'Not a victim, no further support needed', 2, 'shared/domain.md §2'),
  ('case_close_reason', 'moved_away', 'Chuyển đi nơi khác, chuyển hồ sơ sang tỉnh khác', 'Moved away or transferred to another province', 3, 'hotro'),
  ('case_close_reason', 'declined_support', 'Người được hỗ trợ từ chối hỗ trợ', 'The person declined support', 4, 'Circular 35/2013/TT-BLĐTBXH Art. 20 (the victim''s choice); hotro'),
  ('case_close_reason', 'died', 'Đã chết', 'Died', 5, 'hotro'),
  ('case_close_reason', 'other', 'Lý do khác (ghi rõ)', 'Other (say what)', 6, 'hotro');

INSERT INTO code_alias (list, variant, code) VALUES
  ('case_close_reason', 'tái hòa nhập', 'reintegrated'),
  ('case_close_reason', 'tái hòa nhập cộng đồng', 'reintegrated'),
  ('case_close_reason', 'đã tái hòa nhập', 'reintegrated'),
  ('case_close_reason', 'không phải nạn nhân', 'not_victim'),
  ('case_close_reason', 'chuyển đi', 'moved_away'),
  ('case_close_reason', 'chuyển tỉnh', 'moved_away'),
  ('case_close_reason', 'chuyển nơi cư trú', 'moved_away'),
  ('case_close_reason', 'từ chối hỗ trợ', 'declined_support'),
  ('case_close_reason', 'không nhận hỗ trợ', 'declined_support'),
  ('case_close_reason', 'chết', 'died'),
  ('case_close_reason', 'qua đời', 'died'),
  ('case_close_reason', 'đã mất', 'died'),
  ('case_close_reason', 'khác', 'other'),
  ('case_close_reason', 'lý do khác', 'other');
