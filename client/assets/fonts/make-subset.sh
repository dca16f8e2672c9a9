#!/bin/sh
# Regenerates the client's bundled fonts, which together cover every character of GBK:
#
# - CrmSansSC-GBK.otf: the Simplified Chinese face of Noto Sans CJK (Debian package
#   fonts-noto-cjk, SIL OFL 1.1, see OFL.txt) cut down to GBK plus ASCII, Latin-1, general and
#   CJK punctuation, fullwidth forms and a few symbols (★☆¥→), renamed "CRM Sans SC GBK";
# - CrmSymbols-GBK.ttf: the few GBK characters Noto Sans CJK SC lacks (≒), from DejaVu Sans
#   (Debian package fonts-dejavu-core, Bitstream Vera licence, see DejaVu-LICENSE.txt),
#   renamed "CRM GBK Symbols".
#
# A subset is a modified font, so both licences ask for another name. Needs Python's fontTools
# (pyftsubset). Run from anywhere:   sh client/assets/fonts/make-subset.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
noto=${NOTO_CJK_TTC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
dejavu=${DEJAVU_SANS_TTF:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every double-byte GBK code, decoded as Python's GBK and GB 18030, plus the few codes that
# WHATWG's GBK (how encoding_rs and browsers read it) maps to real characters where Python
# leaves the Private Use Area: vertical punctuation, ḿ and eight CJK components. The
# user-defined areas decode to the Private Use Area, which no font covers, and are left out.
python3 - "$work/unicodes.txt" <<'PY'
import sys

chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
chars |= set(range(0x2000, 0x2070))  # general punctuation
chars |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
chars |= set(range(0xFF00, 0xFFF0))  # halfwidth and fullwidth forms
chars |= {ord(c) for c in "★☆¥→←↑↓…—·"}
chars |= set(range(0xFE10, 0xFE1A)) | {0x1E3F} | set(range(0x9FB4, 0x9FBC))

for lead in range(0x81, 0xFF):
    for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFF)):
        code = bytes([lead, trail])
        for codec in ("gbk", "gb18030"):
            try:
                text = code.decode(codec)
            except UnicodeDecodeError:
                continue
            for c in text:
                if not 0xE000 <= ord(c) <= 0xF8FF:
                    chars.add(ord(c))

with open(sys.argv[1], "w") as out:
    out.write(",".join(f"U+{c:04X}" for c in sorted(chars)))
PY

# egui maps characters to glyphs through cmap and does no shaping, so the layout tables (and
# the thousands of variant glyphs their closure would pull in) are dropped: about 5 MB
# instead of 9.
pyftsubset "$noto" \
    --font-number=2 \
    --unicodes-file="$work/unicodes.txt" \
    --no-hinting \
    --layout-features='' \
    --drop-tables+=GSUB,GPOS,GDEF,BASE \
    --name-IDs='*' \
    --name-languages='*' \
    --output-file="$work/cjk.otf"

# What GBK needs that the CJK face lacks.
python3 - "$work/unicodes.txt" "$work/cjk.otf" "$work/missing.txt" <<'PY'
import sys
from fontTools.ttLib import TTFont

wanted = {int(u[2:], 16) for u in open(sys.argv[1]).read().split(",")}
have = set(TTFont(sys.argv[2]).getBestCmap())
missing = sorted(c for c in wanted - have if c >= 0x80)
open(sys.argv[3], "w").write(",".join(f"U+{c:04X}" for c in missing))
print("taken from DejaVu Sans:", " ".join(chr(c) for c in missing))
PY

pyftsubset "$dejavu" \
    --unicodes-file="$work/missing.txt" \
    --no-hinting \
    --layout-features='' \
    --name-IDs='*' \
    --output-file="$work/symbols.ttf"

# Renames a subset: family, full and PostScript names, and a description of what it is.
rename() {
    python3 - "$@" <<'PY'
import sys
from fontTools.ttLib import TTFont

source, target, family, postscript, description = sys.argv[1:6]
font = TTFont(source)
names = {
    1: family,
    3: "1.0;CRM;" + postscript,
    4: family + " Regular",
    6: postscript,
    16: family,
    17: "Regular",
}
table = font["name"]
for record in list(table.names):
    if record.nameID in names or record.nameID in (7, 10, 11, 18, 21, 22):
        table.removeNames(nameID=record.nameID)
for name_id, text in names.items():
    table.setName(text, name_id, 3, 1, 0x409)
    table.setName(text, name_id, 1, 0, 0)
table.setName(description, 10, 3, 1, 0x409)
if "CFF " in font:
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    top.FullName = family + " Regular"
    top.FamilyName = family
font.save(target)
print(f"{target}: {len(font.getBestCmap())} characters")
PY
}

rename "$work/cjk.otf" "$here/CrmSansSC-GBK.otf" "CRM Sans SC GBK" "CRMSansSCGBK-Regular" \
    "Subset of Noto Sans CJK SC (GBK coverage) made for the CRM client; modified from the Original Version under the SIL Open Font License 1.1."
rename "$work/symbols.ttf" "$here/CrmSymbols-GBK.ttf" "CRM GBK Symbols" "CRMGBKSymbols-Regular" \
    "Subset of DejaVu Sans: the GBK characters Noto Sans CJK SC lacks, for the CRM client. Not Bitstream Vera."
ls -l "$here"/*.otf "$here"/*.ttf
