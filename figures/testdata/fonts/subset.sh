#!/bin/sh
# subset.sh writes NotoSansCJKkr-test.otf, the font the tests of package
# figures draw with (TestMain sets TALLY_FONTS to this folder): Noto Sans
# CJK KR Regular, as Debian 12 ships it, cut down to Latin, Greek, the
# symbols of the examples and the Hangul syllables the tests use, so that
# the golden images need no system font. Run it again after a test uses a
# new syllable:
#
#	apt-get install fonts-noto-cjk python3-fonttools  # 1:20220127+repack1-1, 4.38.0
#	sh figures/testdata/fonts/subset.sh
#
# Noto Sans CJK is © 2014-2021 Adobe, under the SIL Open Font License 1.1
# (OFL.txt); the subset is a Modified Version under the same licence.
set -eu
cd "$(dirname "$0")"

src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
sum=b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a
echo "$sum  $src" | sha256sum -c --quiet

# The Hangul syllables of the package's tests.
hangul=$(cat ../../*_test.go | /usr/bin/python3 -c '
import sys
print(",".join(sorted({"U+%04X" % ord(c) for c in sys.stdin.read() if 0xAC00 <= ord(c) <= 0xD7A3})))')

/usr/bin/python3 -m fontTools.subset "$src" --font-number=1 \
	--unicodes="U+0020-007E,U+00A0-017F,U+0370-03FF,U+2000-206F,U+2070-209F,U+2100-214F,U+2190-22FF,$hangul" \
	--name-IDs='*' --name-languages='*' --no-hinting --layout-features='*' \
	--output-file=NotoSansCJKkr-test.otf
ls -l NotoSansCJKkr-test.otf
