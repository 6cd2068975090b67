-- 0010: the look-alikes of Đ/đ that real lists carry, Ð/ð (U+00D0/U+00F0: a Windows-1258 file
-- read as Windows-1252, some keyboards) and Ɖ/ɖ (U+0189/U+0256), now fold to "d" like Đ/đ
-- (lib/text/unicode.h fold): "Ðỗ Thị Hà" matches "Đỗ Thị Hà" and "Do Thi Ha". Up to schema 9
-- they were kept as letters of their own ("ðo thi ha").
--
-- The folded copies are derived, so they are worked out again here, through the functions hotro
-- gives its connections (lib/db/functions.h). Only rows whose copy differs are written: those
-- with a look-alike in the text. A text that is not valid UTF-8 (written behind hotro's back)
-- folds to NULL and its row is left as it is.

-- Import row keys (case_file.row_key) first, while the folded copies are still schema 9's. A
-- key is the list row's as it was imported, which a later edit may have changed; so a case is
-- given its new key only where the old one is what its person, birth, intake date and agency
-- still give. Where that new key is already another case's (the same row imported twice, once
-- with Ð and once with Đ), the later case keeps its old key. An import looks a row with a
-- look-alike up under its old key too (lib/intake/importer.cpp, RecordKeys::row_key_v1).
CREATE TEMP TABLE rekeyed AS
  SELECT c.id, hotro_row_key(hotro_fold(p.full_name), p.birth_date, c.intake_date,
                             coalesce(hotro_fold(a.name), '')) AS row_key
  FROM case_file c JOIN person p ON p.id = c.person_id
  LEFT JOIN agency a ON a.id = coalesce(c.source_agency_id, c.receiving_agency_id)
  WHERE c.row_key IS NOT NULL
    AND (instr(p.name_folded, 'ð') OR instr(p.name_folded, 'ɖ') OR
         instr(a.name_folded, 'ð') OR instr(a.name_folded, 'ɖ'))
    AND hotro_fold(p.full_name) IS NOT NULL AND (a.id IS NULL OR hotro_fold(a.name) IS NOT NULL)
    AND c.row_key = hotro_row_key(p.name_folded, p.birth_date, c.intake_date, coalesce(a.name_folded, ''));
DELETE FROM rekeyed WHERE id NOT IN (SELECT min(id) FROM rekeyed GROUP BY row_key);  -- the first case wins
UPDATE OR IGNORE case_file SET row_key = (SELECT r.row_key FROM rekeyed r WHERE r.id = case_file.id)
  WHERE id IN (SELECT id FROM rekeyed);
DROP TABLE rekeyed;

UPDATE person SET name_folded = hotro_fold(full_name)
  WHERE hotro_fold(full_name) <> name_folded;
UPDATE person SET residence_folded = hotro_fold(residence)
  WHERE hotro_fold(residence) IS NOT residence_folded AND hotro_fold(residence) IS NOT NULL;
UPDATE person SET match_key = hotro_match_key(name_folded, birth_year)
  WHERE match_key IS NOT NULL AND match_key IS NOT hotro_match_key(name_folded, birth_year);

-- An agency's folded name is unique. One written with a look-alike whose new key another agency
-- already has ("Ðồn Biên phòng X" beside "Đồn Biên phòng X") keeps its old key, and the records
-- that point at it stay with it: merging two offices is a person's decision. From now on the
-- name written either way finds the other one. `hotro check` lists it (agency_name_written_twice).
UPDATE OR IGNORE agency SET name_folded = hotro_fold(name)
  WHERE hotro_fold(name) <> name_folded;
