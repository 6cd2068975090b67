// SPDX-License-Identifier: MIT
// A fast 64-bit hash (XXH3) for keys the library looks rows up by (row_key, person match key)
// and for change detection (content_hash). Not cryptographic: the audit trail's chain uses
// SHA-256 (clock.h). Two different inputs share a value with odds of about 1 in 2^64.
#pragma once

#include <cstdint>
#include <string_view>

#include <xxhash.h>

namespace hotro {

inline int64_t hash64(std::string_view data) {
  return static_cast<int64_t>(XXH3_64bits(data.data(), data.size()));
}

}  // namespace hotro
