/* SPDX-License-Identifier: MIT
 * The floor for the named-list benchmark: a bare libxlsxwriter program writing the same cells
 * as `hotro report --template support-list` (read first from that report's CSV, not timed),
 * numbers as numbers with one "#,##0" format, text as text. Prints the seconds spent from
 * workbook_new() to workbook_close().
 *   list_bare LIST.csv OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#define MAX_FIELDS 64

static int is_number(const char* s) {
  if (!*s) return 0;
  for (const char* p = s; *p; ++p)
    if (*p < '0' || *p > '9') return 0;
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 3) return fprintf(stderr, "usage: list_bare LIST.csv OUT.xlsx\n"), 64;
  FILE* in = fopen(argv[1], "r");
  if (!in) return perror(argv[1]), 66;
  /* Load the table part of the report's CSV (from the "STT" header on) into memory. */
  size_t cap = 1 << 20, n = 0;
  char** lines = malloc(cap * sizeof *lines);
  char buf[8192];
  int table = 0;
  while (fgets(buf, sizeof buf, in)) {
    buf[strcspn(buf, "\r\n")] = 0;
    if (!table && strncmp(buf, "STT,", 4) != 0) continue;
    table = 1;
    if (!*buf) break;
    if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
    lines[n++] = strdup(buf);
  }
  fclose(in);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  lxw_workbook* wb = workbook_new(argv[2]);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh sách");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");
  for (size_t r = 0; r < n; ++r) {
    /* RFC 4180 fields, unquoted in place. */
    char* field[MAX_FIELDS];
    int nf = 0;
    char* p = lines[r];
    while (nf < MAX_FIELDS) {
      char* out = p;
      field[nf++] = out;
      if (*p == '"') {
        for (++p; *p; ++p) {
          if (*p == '"' && p[1] == '"') *out++ = '"', ++p;
          else if (*p == '"') { ++p; break; }
          else *out++ = *p;
        }
      } else {
        while (*p && *p != ',') *out++ = *p++;
      }
      const int more = *p == ',';
      *out = 0;
      if (!more) break;
      ++p;
    }
    for (int c = 0; c < nf; ++c) {
      if (r > 0 && is_number(field[c])) worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, atof(field[c]), money);
      else worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, field[c], NULL);
    }
  }
  lxw_error err = workbook_close(wb);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (err) return fprintf(stderr, "%s\n", lxw_strerror(err)), 73;
  printf("%.3f\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
