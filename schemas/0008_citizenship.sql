-- 0008: a person's citizenship (quốc tịch). Who may receive which support depends on it: Law
-- 66/2011 Art. 32 and Law 53/2024 Art. 37 give Vietnamese citizens and stateless persons
-- permanently residing in Viet Nam every regime, and foreigners trafficked in Viet Nam only
-- some (shared/legal.md §1.1, §5.1). The rules name the three groups (vn, stateless, foreign:
-- rules/*.toml `citizenship`); the person holds the country, so the anonymised extract can give
-- it as ISO 3166-1 alpha-2 like the CTDC data standard.
-- NULL is "not recorded": most lists do not say, and the entitlements then take the person as
-- Vietnamese and say so (lib/support.cpp).
ALTER TABLE person ADD COLUMN citizenship TEXT;  -- code_list 'citizenship'

-- The code list: every country of code list 'country' (ISO 3166-1 alpha-2, same labels and
-- variants, except the destination-only 'trong nước') and 'stateless'.
INSERT INTO code_list (list, code, label_vi, label_en, sort, source)
  SELECT 'citizenship', code, label_vi, label_en, sort, source FROM code_list WHERE list = 'country';
INSERT INTO code_list (list, code, label_vi, label_en, sort, source) VALUES
  ('citizenship', 'stateless', 'Không quốc tịch (thường trú tại Việt Nam)', 'Stateless (permanently residing in Viet Nam)', 0,
   'Law 66/2011/QH12 Art. 32; Law 53/2024/QH15 Art. 37 (stateless persons permanently residing in Viet Nam)');
INSERT INTO code_alias (list, variant, code)
  SELECT 'citizenship', variant, code FROM code_alias WHERE list = 'country' AND variant <> 'trong nước';
INSERT INTO code_alias (list, variant, code) VALUES
  ('citizenship', 'không quốc tịch', 'stateless'),
  ('citizenship', 'không có quốc tịch', 'stateless'),
  ('citizenship', 'người không quốc tịch', 'stateless'),
  ('citizenship', 'stateless', 'stateless'),
  ('citizenship', 'quốc tịch Việt Nam', 'VN'),
  ('citizenship', 'Vietnamese', 'VN'),
  ('citizenship', 'Chinese', 'CN'),
  ('citizenship', 'Cambodian', 'KH'),
  ('citizenship', 'Lao', 'LA');
