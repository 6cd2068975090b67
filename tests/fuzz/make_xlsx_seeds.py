#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the small .xlsx seeds of corpus/fuzz_xlsx/ (stdlib only).

The parts are *stored*, not deflated, so that libFuzzer's byte mutations land in the XML that
lib/io/xlsx_reader.cpp parses instead of in a deflate stream; minizip does not check the CRC
of a part that is not read to its end, and the reader ignores it for the others. Each seed
carries only the parts the reader opens (workbook, its relationships, shared strings, sheet).

Run from the project root:  python3 tests/fuzz/make_xlsx_seeds.py
"""
import os
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_xlsx")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook(*names):
    sheets = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
    return f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'


def rels(*targets):
    items = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="{t}"/>' for i, t in enumerate(targets))
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{items}</Relationships>'


def shared(*strings):
    items = "".join(f"<si>{s}</si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'


def sheet(rows):
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def write(name, parts):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_STORED) as z:
        for part, text in parts.items():
            z.writestr(zipfile.ZipInfo(part, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"))


def main():
    os.makedirs(OUT, exist_ok=True)
    # The shapes a real list has: shared strings (one with a phonetic run and an escaped CR),
    # a date serial, an ID as a float in E notation, a decimal, a boolean, a formula string,
    # an error value, an inline string, a gap between cells.
    write("cells.xlsx", {
        "xl/workbook.xml": workbook("Danh sách"),
        "xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml"),
        "xl/sharedStrings.xml": shared(
            "<t>Họ và tên</t>", "<t>Ngày sinh</t>", "<t>Số CCCD</t>",
            "<r><t>Nguyễn Thị </t></r><r><t>Hoa</t></r><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh>",
            "<t xml:space=\"preserve\"> Ghi chú_x000D_dòng hai_x005F_x </t>"),
        "xl/worksheets/sheet1.xml": sheet(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>45292</v></c><c r="C2"><v>1.2345678901E+11</v></c>'
            '<c r="E2" t="s"><v>4</v></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>Vàng A Sử</t></is></c><c r="B3" t="str"><v>12/03/1998</v></c>'
            '<c r="C3" t="n"><v>3.5</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c></row>'
            '<row r="5"></row>'
            '<row r="6"><c r="AA6"><v>-0.0E-3</v></c></row>'),
    })
    # Rows and cells without references, an absolute relationship target, two sheets.
    write("no_refs.xlsx", {
        "xl/workbook.xml": workbook("Trang 1", "Trang 2"),
        "xl/_rels/workbook.xml.rels": rels("/xl/worksheets/a.xml", "worksheets/b.xml"),
        "xl/worksheets/a.xml": sheet(
            "<row><c t=\"inlineStr\"><is><t>Họ tên</t></is></c><c t=\"inlineStr\"><is><t>Năm sinh</t></is></c></row>"
            "<row><c t=\"inlineStr\"><is><t>Lò Thị Mai</t></is></c><c><v>1998</v></c></row>"),
        "xl/worksheets/b.xml": sheet("<row><c><v>1</v></c></row>"),
    })
    # Only what is needed for an empty first sheet.
    write("empty_sheet.xlsx", {
        "xl/workbook.xml": workbook("Sheet1"),
        "xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": sheet(""),
    })
    # The example workbook made by tests/data/make_xlsx.cpp, with its parts stored.
    example = os.path.join(os.path.dirname(OUT), "..", "..", "..", "examples", "lists", "bien_phong_2025.xlsx")
    with zipfile.ZipFile(example) as z:
        wanted = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]
        write("bien_phong_2025_stored.xlsx", {p: z.read(p).decode("utf-8") for p in wanted})


if __name__ == "__main__":
    main()
