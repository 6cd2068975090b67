// SPDX-License-Identifier: MIT
#include "changes.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "clock.h"
#include "error.h"
#include "i18n.h"

namespace hotro::changes {

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
constexpr size_t kValuesInAudit = 100;

std::string canonical(const std::vector<const FieldChange*>& changes) {
  std::string text;
  for (const FieldChange* c : changes)
    text += fmt::format("{}\t{}\t{}\t{}\t{}\n", c->entity, c->id, c->field, c->before.dump(), c->after.dump());
  return text;
}

std::string value_text(const json& v) { return v.is_null() ? "∅" : v.dump(); }

}  // namespace

json current(db::Database& db, const std::string& entity, int64_t id, const std::string& field) {
  return Fields(db).read(entity, id, field);
}

std::string describe(const FieldChange& c) {
  return fmt::format("{} #{} {}: {} → {}", audit_entity(c.entity), c.id, c.field, value_text(c.before),
                     value_text(c.after));
}

int64_t apply(db::Database& db, const audit::Context& ctx, const std::string& command,
              const std::vector<FieldChange>& changes, const std::optional<std::string>& reason) {
  if (changes.empty()) throw Error(Exit::data, tr("không có gì để thay đổi", "nothing to change"));
  db::Transaction tx(db);
  const std::string now = now_utc();
  Fields fields(db);
  std::set<std::tuple<std::string, int64_t, std::string>> seen;
  std::map<std::string, std::vector<const FieldChange*>> by_table;  // ordered: stable audit entries
  for (const FieldChange& c : changes) {
    if (!seen.emplace(c.entity, c.id, c.field).second)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("trường {} của {} #{} bị thay đổi hai lần",
                                                          "field {} of {} #{} is changed twice")),
                                          c.field, audit_entity(c.entity), c.id));
    const json now_value = fields.read(c.entity, c.id, c.field);
    if (now_value != c.before)
      throw Error(Exit::data, fmt::format(fmt::runtime(tr("{} #{} {}: giá trị hiện tại là {}, không phải {} "
                                                          "(đã có người sửa); không ghi gì",
                                                          "{} #{} {}: the stored value is {}, not {} (someone "
                                                          "changed it); nothing was written")),
                                          audit_entity(c.entity), c.id, c.field, value_text(now_value),
                                          value_text(c.before)));
    fields.write(c.entity, c.id, c.field, c.after, now);
    by_table[c.entity].push_back(&c);
  }

  // The set's id is known before its row is written: the audit entries name it, and the row
  // names the first of them. (The transaction holds the write lock, so no one else takes it.)
  db::Statement next(db, "SELECT coalesce(max(id), 0) + 1 FROM change_set");
  next.step();
  const int64_t set_id = next.int64(0);
  next.reset();

  int64_t first_audit = 0;
  for (const auto& [table, list] : by_table) {
    std::vector<int64_t> ids;
    for (const FieldChange* c : list) ids.push_back(c->id);
    json before, after;
    if (list.size() <= kValuesInAudit) {
      before = json::object();
      after = json::object();
      for (const FieldChange* c : list) {
        before[std::to_string(c->id)][c->field] = c->before;
        after[std::to_string(c->id)][c->field] = c->after;
      }
    }
    json detail{{"change_set", set_id}, {"changes", list.size()}, {"sha256", sha256_hex(canonical(list))}};
    if (reason) detail["reason"] = *reason;
    const int64_t id = audit::append(db, ctx, {command == "undo" ? "undo" : "edit", audit_entity(table),
                                              ranges(std::move(ids)), before, after, detail});
    if (!first_audit) first_audit = id;
  }

  db::Statement set(db, "INSERT INTO change_set (id, command, reason, made_at, audit_id) VALUES (?, ?, ?, ?, ?)");
  set.bind(1, set_id).bind(2, command).bind(3, reason).bind(4, now).bind(5, first_audit).run();
  db::Statement row(db, "INSERT INTO field_change (change_set_id, entity, entity_id, field, before, after) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
  for (const FieldChange& c : changes) {
    row.bind(1, set_id).bind(2, c.entity).bind(3, c.id).bind(4, c.field).bind(5, c.before.dump()).bind(6, c.after.dump());
    row.run();
  }
  tx.commit();
  return set_id;
}

std::vector<FieldChange> of(db::Database& db, int64_t id) {
  db::Statement exists(db, "SELECT 1 FROM change_set WHERE id = ?");
  exists.bind(1, id);
  if (!exists.step())
    throw Error(Exit::noinput, fmt::format(fmt::runtime(tr("không có lần sửa #{}", "no change set #{}")), id));
  db::Statement st(db, "SELECT entity, entity_id, field, before, after FROM field_change WHERE change_set_id = ?");
  st.bind(1, id);
  std::vector<FieldChange> out;
  while (st.step())
    out.push_back({st.text(0), st.int64(1), st.text(2), json::parse(st.text(3)), json::parse(st.text(4))});
  return out;
}

int64_t undo(db::Database& db, const audit::Context& ctx, int64_t id, const std::optional<std::string>& reason) {
  db::Transaction tx(db);
  std::vector<FieldChange> reverse = of(db, id);
  db::Statement st(db, "SELECT undone_at FROM change_set WHERE id = ?");
  st.bind(1, id);
  st.step();
  if (!st.is_null(0))
    throw Error(Exit::data, fmt::format(fmt::runtime(tr("lần sửa #{} đã được hoàn tác lúc {}",
                                                        "change set #{} was already undone at {}")),
                                        id, st.text(0)));
  st.reset();
  for (FieldChange& c : reverse) std::swap(c.before, c.after);
  const std::string why = reason.value_or(fmt::format(fmt::runtime(tr("hoàn tác lần sửa #{}", "undo of change set #{}")), id));
  const int64_t undo_id = apply(db, ctx, "undo", reverse, why);
  db::Statement mark(db, "UPDATE change_set SET undone_at = (SELECT made_at FROM change_set WHERE id = ?1), "
                         "undo_audit_id = (SELECT audit_id FROM change_set WHERE id = ?1) WHERE id = ?2");
  mark.bind(1, undo_id).bind(2, id).run();
  tx.commit();
  return undo_id;
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
