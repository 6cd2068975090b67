# SPDX-License-Identifier: MIT
# Python XlsxWriter (Debian package python3-xlsxwriter) writing the same cells as list_bare.c;
# prints the seconds from Workbook() to close(). Run with /usr/bin/python3.
#   list_xlsxwriter.py LIST.csv OUT.xlsx
import csv
import sys
import time

import xlsxwriter

rows, table = [], False
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        if not table and row[:1] != ["STT"]:
            continue
        table = True
        if not row:
            break
        rows.append(row)
t0 = time.monotonic()
wb = xlsxwriter.Workbook(sys.argv[2])
ws = wb.add_worksheet("Danh sách")
money = wb.add_format({"num_format": "#,##0"})
for r, row in enumerate(rows):
    for c, v in enumerate(row):
        if r > 0 and v.isdigit():
            ws.write_number(r, c, float(v), money)
        else:
            ws.write_string(r, c, v)
wb.close()
print(f"{time.monotonic() - t0:.3f}")
