-- 0010: the look-alikes of Đ/đ that real lists carry, Ð/ð (U+00D0/U+00F0: a Windows-1258 file
-- read as Windows-1252, some keyboards) and Ɖ/ɖ (U+0189/U+0256), now fold to "d" like Đ/đ
-- (lib/text/unicode.h fold): "Ðỗ Thị Hà" matches "Đỗ Thị Hà" and "Do Thi Ha". Up to schema 9
-- they were kept as letters of their own ("ðo thi ha").
--
-- The folded copies are derived, so they are worked out again here, through the functions hotro
-- gives its connections (lib/db/functions.h). Only rows whose copy differs are written: those
-- with a look-alike in the text.
UPDATE person SET name_folded = hotro_fold(full_name)
  WHERE name_folded IS NOT hotro_fold(full_name);
UPDATE person SET residence_folded = hotro_fold(residence)
  WHERE residence_folded IS NOT hotro_fold(residence);
UPDATE person SET match_key = hotro_match_key(name_folded, birth_year)
  WHERE match_key IS NOT NULL AND match_key IS NOT hotro_match_key(name_folded, birth_year);

-- An agency's folded name is unique. One written with a look-alike whose new key another agency
-- already has ("Ðồn Biên phòng X" beside "Đồn Biên phòng X") keeps its old key, and its
-- records keep pointing at it: merging two offices is a person's decision. `hotro check` lists
-- it (agency_name_written_twice).
UPDATE OR IGNORE agency SET name_folded = hotro_fold(name)
  WHERE name_folded IS NOT hotro_fold(name);

-- Import row keys (case_file.row_key) stay as they are: each is the key of the list row as it
-- was imported, which a later edit may have changed since. An import looks a row with a
-- look-alike up under its old key first (lib/intake/importer.cpp, RecordKeys::row_key_v1).
