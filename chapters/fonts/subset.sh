#!/bin/sh
# subset.sh writes NotoSansCJKkr-Regular-subset.otf, the font of this book's
# figures (tally registers every .ttf and .otf of chapters/fonts/: see
# "Fonts" in package figures), from Noto Sans CJK KR Regular as Debian 12
# ships it. To make it again:
#
#	apt-get install fonts-noto-cjk python3-fonttools  # 1:20220127+repack1-1, 4.38.0
#	sh chapters/fonts/subset.sh
#
# The subset keeps the font's glyphs, metrics and names as they are and
# only leaves characters out: it has all 11,172 Hangul syllables and the
# compatibility jamo, Latin, Greek, punctuation, super- and subscripts,
# arrows, math operators, shapes and the CJK symbols, not the Han
# characters nor kana: 1.3 MB instead of the 19 MB collection. A figure
# text with a character the font lacks is reported by tally at the
# chapter line; add its range below and run the script again.
#
# Noto Sans CJK is © 2014-2021 Adobe, under the SIL Open Font License 1.1
# (OFL.txt); the subset is a Modified Version under the same licence.
set -eu
cd "$(dirname "$0")"

src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
sum=b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a
face=1 # the collection's faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK, then the Mono ones

echo "$sum  $src" | sha256sum -c --quiet

ranges="U+0020-007E,U+00A0-017F" # Latin
ranges="$ranges,U+02B0-036F"      # modifier letters, combining marks
ranges="$ranges,U+0370-03FF"      # Greek
ranges="$ranges,U+1D00-1DBF"      # phonetic extensions
ranges="$ranges,U+2000-2BFF"      # punctuation, scripts, letterlike, arrows, math, shapes
ranges="$ranges,U+3000-303F"      # CJK symbols and punctuation
ranges="$ranges,U+3130-318F"      # Hangul compatibility jamo
ranges="$ranges,U+AC00-D7A3"      # Hangul syllables
ranges="$ranges,U+FF01-FF60"      # fullwidth forms

/usr/bin/python3 -m fontTools.subset "$src" --font-number=$face \
	--unicodes="$ranges" --name-IDs='*' --name-languages='*' \
	--no-hinting --layout-features='*' \
	--output-file=NotoSansCJKkr-Regular-subset.otf
ls -l NotoSansCJKkr-Regular-subset.otf
