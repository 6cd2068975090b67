// SPDX-License-Identifier: MIT
// Copies of the library: `hotro backup` and `hotro restore`, with SQLite's online backup API,
// so a copy is consistent even while other processes write (the copy is one snapshot).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "db/database.h"
#include "remove_on_signal.h"

namespace hotro::db {

/// Copies the library to `dest`, which must not exist yet (Exit::cantcreat otherwise). The copy
/// is written to a temporary file readable by its owner only, checked with
/// PRAGMA integrity_check, synced and renamed into place: there is never a half-written `dest`.
/// With `unaudited`, `dest` is marked there just before it gets its name, so that a signal before
/// the caller has audited the copy (and reset the mark) removes it.
void backup_to(Database& src, const std::string& dest, std::optional<RemoveOnSignal>* unaudited = nullptr);

/// Checks that the file at `path` is an intact hotro library this hotro can read: it exists
/// (Exit::noinput), is a SQLite database that passes integrity_check (Exit::data), is a hotro
/// library (Exit::data: an empty or uninitialised file too) of a schema version not newer than
/// this hotro's (Exit::data). Returns
/// its schema version. The file is opened read-only and not changed.
int check_library_file(const std::string& path);

/// Replaces the content of the open library `live` with the library file `source`, after
/// check_library_file(source) and after saving the current content to `aside` (a new file,
/// owner only). Other connections see the old or the new content, never a mixture. A restore
/// that replaces nothing (the library busy beyond the wait) removes `aside` again.
void restore_from(Database& live, const std::string& source, const std::string& aside);

/// What restoring `backup` over `live` drops from live's audit trail: the entries after the last
/// one the two trails share (their hash chains agree up to it). As JSON: {shared_up_to (an entry
/// id, 0 for none), dropped (how many entries), copies: the dropped backup and export entries
/// in full ({id, at, actor, command, action, detail}), so the restored trail still says who
/// took copies of the data, when and where to}.
nlohmann::ordered_json trail_beyond(Database& live, Database& backup);

}  // namespace hotro::db
