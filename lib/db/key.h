// SPDX-License-Identifier: MIT
// Encryption at rest (mã hoá dữ liệu lưu trữ): the key of an encrypted library, for a hotro
// built with SQLCipher (-DHOTRO_SQLCIPHER=ON). The key comes from a file (--key-file or
// HOTRO_KEY_FILE) or from the environment (HOTRO_KEY), never from a command-line argument,
// which every user of the machine can read in the process list. Without a key a library is
// plain SQLite, as in the default build.
#pragma once

#include <sqlite3.h>

#include <functional>
#include <string>

namespace hotro::db {

class Database;

/// A library key: a passphrase (SQLCipher derives the AES-256 key from it with PBKDF2, which
/// takes a moment at every open), or a raw 256-bit key written x'<64 hex digits>' (what
/// `hotro key generate` writes; no derivation). Empty: no key, a plain library.
struct Key {
  std::string secret;
  std::string origin;  // where it came from, for messages: "--key-file k", "HOTRO_KEY"
  bool empty() const { return secret.empty(); }
};

/// Whether this hotro was built with SQLCipher.
bool encryption_built_in();
/// SQLCipher's version ("4.6.1 community"), or "" in a plain build.
std::string cipher_version();

/// Reads a key file: its first line, without the line ending. Refuses a missing file (66), an
/// empty key, or a file that other users can read or write (78): it guards every victim's record.
Key read_key_file(const std::string& path, const std::string& origin);
/// A new random raw key, written x'<64 hex digits>', for `hotro key generate`.
std::string random_raw_key();

/// --key-file: the key file every library is opened with (instead of HOTRO_KEY_FILE/HOTRO_KEY).
void set_key_file(const std::string& path);
/// The key libraries are opened with unless another is given: --key-file, else $HOTRO_KEY_FILE,
/// else $HOTRO_KEY, else none. Read once, on first use; both variables set is an error (78).
const Key& default_key();

/// Refuses (78) a key given to a hotro built without SQLCipher.
void require_cipher_for(const Key& key);
/// Whether `secret` is a raw key as SQLCipher reads one: x'<64 hex digits>' (the key), or
/// x'<96 hex digits>' (the key and the database's salt); anything else is a passphrase.
bool is_raw_key(const std::string& secret);

/// Gives `key` to a connection just opened, before anything reads the file. A key given to a
/// hotro built without SQLCipher is refused (78): the library would silently stay plain.
void apply_key(sqlite3* db, const Key& key);

/// Whether `path` starts with SQLite's plain-file header (an encrypted file looks random).
bool is_plain_file(const std::string& path);

/// Why a library at `path` could not be read with `key` (SQLITE_NOTADB): not encrypted but a
/// key was given, encrypted but no key, or the wrong key. For the open error's message.
std::string key_mismatch_reason(const std::string& path, const Key& key);

/// `hotro key set/remove`: writes the library at `path` (readable with `current`) again under
/// `next` (empty: plain) into a new file beside it, opens that copy with `next`, checks its
/// integrity, lets `finish` write the audit entry in it, then puts it in the library's place
/// (one rename) and removes the old file. Needs the library to itself: refuses (75) while another
/// hotro has it open. A symbolic link is followed: the file it points to is replaced. Nothing
/// changes on any error.
void rewrite_with_key(const std::string& path, const Key& current, const Key& next,
                      const std::function<void(Database&)>& finish);

}  // namespace hotro::db
