// SPDX-License-Identifier: MIT
#include "changes.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "agency.h"
#include "clock.h"
#include "error.h"
#include "i18n.h"
#include "intake/record.h"
#include "text/dates.h"

namespace hotro::changes {

std::string entity_words(const std::string& table) {
  if (table == "person") return tr("người", "person");
  if (table == "case_file") return tr("hồ sơ", "case");
  if (table == "agency") return tr("cơ quan", "agency");
  return table;
}

namespace {

// The tables a change set may touch, and the name their records have in the audit trail.
const char* audit_entity(const std::string& table) {
  if (table == "person") return "person";
  if (table == "case_file") return "case";
  if (table == "agency") return "agency";
  throw Error(Exit::software, fmt::format("changes: table '{}' is not editable", table));
}

// Checks that `field` is a column of `table` (other than its id): names are put into SQL text,
// so they are never taken on trust.
void check_field(db::Database& db, const std::string& table, const std::string& field) {
  audit_entity(table);
  db::Statement st(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 AND name <> 'id'");
  st.bind(1, table).bind(2, field);
  if (!st.step()) throw Error(Exit::software, fmt::format("changes: '{}' is not a field of {}", field, table));
}

// Prepared reads and writes of one field each, checked once and reused (a remap may change a
// million records).
class Fields {
 public:
  explicit Fields(db::Database& db) : db_(db) {}

  json read(const std::string& table, int64_t id, const std::string& field) {
    db::Statement& st = statements(table, field).read;
    st.reset();
    st.bind(1, id);
    if (!st.step())
      throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có {} #{}", "no {} #{}")), audit_entity(table), id));
    const std::string type = st.text(0);
    json v;
    if (type == "integer")
      v = st.int64(1);
    else if (type != "null")
      v = st.text(1);
    st.reset();
    return v;
  }

  void write(const std::string& table, int64_t id, const std::string& field, const json& v, const std::string& now) {
    db::Statement& st = statements(table, field).write;
    if (v.is_null())
      st.bind_null(1);
    else if (v.is_number_integer())
      st.bind(1, v.get<int64_t>());
    else if (v.is_string())
      st.bind(1, v.get<std::string>());
    else
      throw Error(Exit::software, fmt::format("changes: {} is not a field value", v.dump()));
    st.bind(2, id);
    if (table == "case_file") st.bind(3, now);
    st.run();
  }

 private:
  struct Pair {
    Pair(db::Database& db, const std::string& read_sql, const std::string& write_sql)
        : read(db, read_sql), write(db, write_sql) {}
    db::Statement read, write;
  };

  Pair& statements(const std::string& table, const std::string& field) {
    auto key = std::make_pair(table, field);
    auto it = cache_.find(key);
    if (it != cache_.end()) return *it->second;
    check_field(db_, table, field);
    // A case's updated_at follows every change of it (reports flag cases edited after their
    // period was closed).
    const std::string touched = table == "case_file" ? ", updated_at = ?3" : "";
    auto pair = std::make_unique<Pair>(
        db_, fmt::format("SELECT typeof(\"{0}\"), \"{0}\" FROM \"{1}\" WHERE id = ?1", field, table),
        fmt::format("UPDATE \"{1}\" SET \"{0}\" = ?1{2} WHERE id = ?2", field, table, touched));
    return *cache_.emplace(key, std::move(pair)).first->second;
  }

  db::Database& db_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Pair>> cache_;
};

// Ids as [first, last] ranges, for the audit entry.
json ranges(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  json out = json::array();
  for (int64_t id : ids) {
    if (!out.empty() && out.back()[1].get<int64_t>() + 1 == id)
      out.back()[1] = id;
    else
      out.push_back({id, id});
  }
  return out;
}

// Audit entries show the values themselves for small sets; a big one (a remap) is summed up
// by the count and the hash of its changes, which the change set's rows must match.
constexpr int64_t kValuesInAudit = 100;

std::string value_text(const json& v) { return v.is_null() ? "∅" : v.dump(); }

std::string table_of(const std::string& audit_entity) { return audit_entity == "case" ? "case_file" : audit_entity; }

// The count and SHA-256 of the stored changes of one table in set `id`, read in the primary
// key's order (by record, then field) so that they do not depend on the order of writing. Each
// change hashes as "table\tid\tfield\tbefore\tafter\n" with the values as stored (JSON text).
std::pair<int64_t, std::string> digest(db::Database& db, int64_t id, const std::string& table) {
  db::Statement st(db, "SELECT entity_id, field, before, after FROM field_change "
                       "WHERE change_set_id = ? AND entity = ? ORDER BY entity_id, field");
  st.bind(1, id).bind(2, table);
  Sha256 h;
  int64_t n = 0;
  while (st.step()) {
    h.update(fmt::format("{}\t{}\t{}\t{}\t{}\n", table, st.int64(0), st.text(1), st.text(2), st.text(3)));
    ++n;
  }
  return {n, h.hex()};
}

// Checks the stored field changes of set `id` against the audit entries written with them
// (count and SHA-256 per table); the first mismatch, if any.
std::optional<audit::Problem> check_set(db::Database& db, int64_t id) {
  auto problem = [&](int64_t audit_id, const std::string& entity) {
    const std::string what = fmt::format(fmt::runtime(tr("các thay đổi của {}", "the changes of {}")), entity);
    return audit::Problem{audit_id, fmt::format(fmt::runtime(tr("lần sửa #{}: {} không khớp với nhật ký (đã bị sửa sau khi ghi)",
                                                                "change set #{}: {} do not match the audit trail (altered after they were written)")),
                                                id, what)};
  };
  // The writer appends one entry per table (at most three), one after the other from the
  // set's audit_id.
  db::Statement st(db, "SELECT a.id, a.entity, json_extract(a.detail, '$.sha256'), json_extract(a.detail, '$.changes') "
                       "FROM change_set s JOIN audit a ON a.id BETWEEN s.audit_id AND s.audit_id + 2 "
                       "WHERE s.id = ?1 AND a.action IN ('edit', 'undo') "
                       "AND json_extract(a.detail, '$.change_set') = ?1 ORDER BY a.id");
  st.bind(1, id);
  std::set<std::string> audited;
  int64_t first_audit = 0;
  while (st.step()) {
    if (!first_audit) first_audit = st.int64(0);
    const std::string entity = st.text(1);
    audited.insert(table_of(entity));
    const auto [n, hash] = digest(db, id, table_of(entity));
    if (n != st.int64(3) || hash != st.text(2)) return problem(st.int64(0), entity);
  }
  // Rows of a table no entry speaks for (added behind the trail's back).
  db::Statement tables(db, "SELECT DISTINCT entity FROM field_change WHERE change_set_id = ?");
  tables.bind(1, id);
  while (tables.step())
    if (!audited.count(tables.text(0))) return problem(first_audit, audit_entity(tables.text(0)));
  return std::nullopt;
}

}  // namespace

json current(db::Database& db, const std::string& entity, int64_t id, const std::string& field) {
  return Fields(db).read(entity, id, field);
}

std::string describe(const FieldChange& c) {
  return fmt::format("{} #{} {}: {} → {}", audit_entity(c.entity), c.id, c.field, value_text(c.before),
                     value_text(c.after));
}

// ---- Writer ----

struct Writer::State {
  State(db::Database& d, const audit::Context& c, std::string cmd, std::optional<std::string> why)
      : db(d), ctx(c), command(std::move(cmd)), reason(std::move(why)), tx(d), fields(d),
        row(d, "INSERT OR IGNORE INTO field_change (change_set_id, entity, entity_id, field, before, after) "
               "VALUES (?, ?, ?, ?, ?, ?)") {}

  struct Table {
    std::vector<int64_t> ids;  // for the audit entry's ranges
    int64_t count = 0;
    json before = json::object(), after = json::object();  // while count <= kValuesInAudit
  };

  db::Database& db;
  const audit::Context& ctx;
  std::string command;
  std::optional<std::string> reason;
  db::Transaction tx;
  Fields fields;
  db::Statement row;
  std::string now = now_utc();
  int64_t set_id = 0;
  int64_t count = 0;
  std::map<std::string, Table> tables;  // ordered: stable audit entries
  Describe describe;
};

Writer::Writer(db::Database& db, const audit::Context& ctx, std::string command, std::optional<std::string> reason,
               Describe describe)
    : s_(std::make_unique<State>(db, ctx, std::move(command), std::move(reason))) {
  s_->describe = std::move(describe);
  // The field changes are written before the set's row and its audit entries (which name the
  // set and must know its size); their references are checked at the commit.
  db.exec("PRAGMA defer_foreign_keys = ON");
  // The set's id is known from the start: the transaction holds the write lock.
  db::Statement next(db, "SELECT coalesce(max(id), 0) + 1 FROM change_set");
  next.step();
  s_->set_id = next.int64(0);
}

Writer::~Writer() = default;

int64_t Writer::count() const { return s_->count; }

void Writer::add(const FieldChange& c) {
  State& s = *s_;
  const json now_value = s.fields.read(c.entity, c.id, c.field);
  if (now_value != c.before) {
    auto words = [&](const json& v) { return s.describe ? s.describe(c.field, v) : value_text(v); };
    // The change set that wrote the value the field holds, if one did (not an import): the one
    // to look at, or undo, first.
    db::Statement last(s.db, "SELECT max(change_set_id) FROM field_change WHERE entity = ? AND entity_id = ? "
                             "AND field = ? AND after = ?");
    last.bind(1, c.entity).bind(2, c.id).bind(3, c.field).bind(4, now_value.dump());
    std::string since;
    if (last.step() && !last.is_null(0))
      since = fmt::format(fmt::runtime(tr(": lần sửa #{}, xem: hotro edit --show {}", ": change set #{}, see: hotro edit --show {}")),
                          last.int64(0), last.int64(0));
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("{} #{} {}: giá trị hiện tại là {}, không phải {} "
                                                        "(đã được sửa sau đó{}); không ghi gì",
                                                        "{} #{} {}: the stored value is {}, not {} (changed "
                                                        "since{}); nothing was written")),
                                        entity_words(c.entity), c.id, c.field, words(now_value), words(c.before),
                                        since));
  }
  s.row.bind(1, s.set_id).bind(2, c.entity).bind(3, c.id).bind(4, c.field).bind(5, c.before.dump()).bind(6, c.after.dump());
  s.row.run();
  if (s.db.changes() == 0)
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("trường {} của {} #{} bị thay đổi hai lần",
                                                        "field {} of {} #{} is changed twice")),
                                        c.field, audit_entity(c.entity), c.id));
  s.fields.write(c.entity, c.id, c.field, c.after, s.now);
  State::Table& t = s.tables[c.entity];
  t.ids.push_back(c.id);
  if (++t.count <= kValuesInAudit) {
    t.before[std::to_string(c.id)][c.field] = c.before;
    t.after[std::to_string(c.id)][c.field] = c.after;
  }
  ++s.count;
}

int64_t Writer::commit() {
  State& s = *s_;
  if (s.count == 0) throw Error(Exit::data, tr("không có gì để thay đổi", "nothing to change"));
  int64_t first_audit = 0;
  for (auto& [table, t] : s.tables) {
    const bool small = t.count <= kValuesInAudit;
    const auto [n, hash] = digest(s.db, s.set_id, table);
    json detail{{"change_set", s.set_id}, {"changes", n}, {"sha256", hash}};
    if (s.reason) detail["reason"] = *s.reason;
    const int64_t id = audit::append(s.db, s.ctx, {s.command == "undo" ? "undo" : "edit", audit_entity(table),
                                                  ranges(std::move(t.ids)), small ? t.before : json(),
                                                  small ? t.after : json(), detail});
    if (!first_audit) first_audit = id;
  }
  db::Statement set(s.db, "INSERT INTO change_set (id, command, reason, made_at, audit_id) VALUES (?, ?, ?, ?, ?)");
  set.bind(1, s.set_id).bind(2, s.command).bind(3, s.reason).bind(4, s.now).bind(5, first_audit).run();
  s.tx.commit();
  return s.set_id;
}

int64_t apply(db::Database& db, const audit::Context& ctx, const std::string& command,
              const std::vector<FieldChange>& changes, const std::optional<std::string>& reason,
              Describe describe) {
  Writer w(db, ctx, command, reason, std::move(describe));
  for (const FieldChange& c : changes) w.add(c);
  return w.commit();
}

// ---- reading and undoing ----

int64_t each(db::Database& db, int64_t id, const std::function<void(const FieldChange&)>& visit) {
  db::Statement exists(db, "SELECT 1 FROM change_set WHERE id = ?");
  exists.bind(1, id);
  if (!exists.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần sửa #{}", "no change set #{}")), id));
  db::Statement st(db, "SELECT entity, entity_id, field, before, after FROM field_change WHERE change_set_id = ?");
  st.bind(1, id);
  int64_t n = 0;
  while (st.step()) {
    visit({st.text(0), st.int64(1), st.text(2), json::parse(st.text(3)), json::parse(st.text(4))});
    ++n;
  }
  return n;
}

std::vector<FieldChange> of(db::Database& db, int64_t id) {
  std::vector<FieldChange> out;
  each(db, id, [&](const FieldChange& c) { out.push_back(c); });
  return out;
}

namespace {

// A person's matching keys follow from the name, the residence and the birth year. An undo works
// them out again from what it has restored, rather than write back the keys the change set
// holds: a key stored before schema 10 folded Ð like Đ would be refused as changed since, or
// written back stale. Their fields are checked through the name, residence and birth year.
bool matching_key(const FieldChange& c) {
  return c.entity == "person" && (c.field == "name_folded" || c.field == "residence_folded" || c.field == "match_key");
}

// The key worked out from the person's restored fields; nothing when its text is not valid UTF-8
// (written behind hotro's back: hotro_fold gives NULL), so the stored key stays as it is.
std::optional<json> derived_key(db::Database& db, const FieldChange& c) {
  db::Statement st(db, "SELECT hotro_fold(full_name), hotro_fold(residence), residence IS NULL, birth_year "
                       "FROM person WHERE id = ?");
  st.bind(1, c.id);
  if (!st.step()) return std::nullopt;
  if (c.field == "residence_folded") {
    if (!st.is_null(1)) return json(st.text(1));
    return st.int64(2) ? std::optional<json>(json()) : std::nullopt;  // no residence: no key
  }
  if (st.is_null(0)) return std::nullopt;
  if (c.field == "name_folded") return json(st.text(0));
  if (st.is_null(3)) return json();  // match_key: none without a birth year
  return json(intake::person_match_key(st.text(0), static_cast<int>(st.int64(3))));
}

// An agency a change set names may have been merged into another since (hotro agency merge),
// which moved the case along: the undo takes the agency each id now stands for, both as the
// value it expects to find and as the one it restores, so it never points a case back at a
// merged agency.
json following_merges(db::Database& db, const FieldChange& c, const json& value) {
  const bool agency_column = c.entity == "case_file" && (c.field == "receiving_agency_id" || c.field == "source_agency_id");
  if (!agency_column || !value.is_number_integer()) return value;
  return agency::current(db, value.get<int64_t>());
}

}  // namespace

int64_t undo(db::Database& db, const audit::Context& ctx, int64_t id, const std::optional<std::string>& reason,
             Describe describe) {
  db::Transaction tx(db);
  db::Statement st(db, "SELECT undone_at FROM change_set WHERE id = ?");
  st.bind(1, id);
  if (!st.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần sửa #{}", "no change set #{}")), id));
  if (!st.is_null(0))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("lần sửa #{} đã được hoàn tác lúc {} UTC",
                                                        "change set #{} was already undone at {} UTC")),
                                        id, text::display_time(st.text(0))));
  st.reset();
  if (auto p = check_set(db, id))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("{}; không ghi gì (xem: hotro audit verify)",
                                                        "{}; nothing was written (see hotro audit verify)")),
                                        p->message));
  const std::string why = reason.value_or(fmt::format(fmt::runtime(tr("hoàn tác lần sửa #{}", "undo of change set #{}")), id));
  Writer w(db, ctx, "undo", why, std::move(describe));
  std::vector<FieldChange> keys;
  each(db, id, [&](const FieldChange& c) {
    if (matching_key(c)) keys.push_back(c);
    else w.add({c.entity, c.id, c.field, following_merges(db, c, c.after), following_merges(db, c, c.before)});
  });
  for (const FieldChange& c : keys)
    if (auto key = derived_key(db, c)) w.add({c.entity, c.id, c.field, current(db, c.entity, c.id, c.field), *key});
  const int64_t undo_id = w.commit();
  db::Statement mark(db, "UPDATE change_set SET undone_at = (SELECT made_at FROM change_set WHERE id = ?1), "
                         "undo_audit_id = (SELECT audit_id FROM change_set WHERE id = ?1) WHERE id = ?2");
  mark.bind(1, undo_id).bind(2, id).run();
  tx.commit();
  return undo_id;
}

std::vector<audit::Problem> verify(db::Database& db) {
  std::vector<audit::Problem> out;
  db::Statement sets(db, "SELECT id FROM change_set ORDER BY id");
  while (sets.step())
    if (auto p = check_set(db, sets.int64(0))) out.push_back(*p);
  return out;
}

std::vector<Summary> list(db::Database& db) {
  db::Statement st(db, "SELECT s.id, s.command, s.made_at, a.actor, s.reason, s.undone_at, "
                       "(SELECT count(*) FROM field_change f WHERE f.change_set_id = s.id) "
                       "FROM change_set s JOIN audit a ON a.id = s.audit_id ORDER BY s.id");
  std::vector<Summary> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.opt_text(4), st.opt_text(5), st.int64(6)});
  return out;
}

}  // namespace hotro::changes
