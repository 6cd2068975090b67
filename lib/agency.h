// SPDX-License-Identifier: MIT
// Agencies (cơ quan, đơn vị) are found by their folded name and created on first use.
#pragma once

#include <cstdint>
#include <string>

#include "db/database.h"

namespace hotro {

/// The id of the agency with this name (accents, case and spacing ignored), created if new.
int64_t find_or_add_agency(db::Database& db, const std::string& name);

}  // namespace hotro
