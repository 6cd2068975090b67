-- 0012: the names Vietnamese officers write, in place of dated or English text that reached the
-- reports and messages.
--
-- Countries (and the citizenship list, which names them the same way): the labels of 0002 are
-- Debian iso-codes' Vietnamese translation of 2013, which names the destinations of most
-- trafficking cases as no list or report does ("Căm Bốt",
-- "Miến Điện", "Cộng hoà Nam Hàn", "Phi-li-pi-nợ"). Their usual names, as in the lists of the
-- border guard and the police and in the reports to Sở LĐTBXH, become the labels; each old label
-- stays a variant (code_alias), so a list that writes it is still read.
INSERT OR IGNORE INTO code_alias (list, variant, code)
  SELECT list, label_vi, code FROM code_list
  WHERE list IN ('country', 'citizenship') AND code IN ('KH', 'MM', 'ID', 'KR', 'LA', 'JP', 'TW', 'PH', 'SA', 'MY', 'SG');
UPDATE code_list SET label_vi = CASE code
    WHEN 'KH' THEN 'Campuchia'
    WHEN 'MM' THEN 'Myanmar'
    WHEN 'ID' THEN 'Indonesia'
    WHEN 'KR' THEN 'Hàn Quốc'
    WHEN 'LA' THEN 'Lào'
    WHEN 'JP' THEN 'Nhật Bản'
    WHEN 'TW' THEN 'Đài Loan (Trung Quốc)'
    WHEN 'PH' THEN 'Philippines'
    WHEN 'SA' THEN 'Ả Rập Xê Út'
    WHEN 'MY' THEN 'Malaysia'
    WHEN 'SG' THEN 'Singapore'
  END,
  source = source || '; usual Vietnamese name (schema 12)'
WHERE list IN ('country', 'citizenship') AND code IN ('KH', 'MM', 'ID', 'KR', 'LA', 'JP', 'TW', 'PH', 'SA', 'MY', 'SG');
-- The new labels are no longer variants of their own code.
DELETE FROM code_alias WHERE (list, variant, code) IN (
  SELECT list, label_vi, code FROM code_list
  WHERE list IN ('country', 'citizenship') AND code IN ('KH', 'MM', 'ID', 'KR', 'LA', 'JP', 'TW', 'PH', 'SA', 'MY', 'SG'));

-- The legal basis of the 2025 provincial reorganisation, shown by `hotro units show`, in
-- Vietnamese like the rest of it.
UPDATE admin_unit_map
SET basis = replace(replace(basis, ' on provincial reorganisation', ' về sắp xếp đơn vị hành chính cấp tỉnh'),
                    '; not merged', '; không sáp nhập')
WHERE basis LIKE '%on provincial reorganisation%';
