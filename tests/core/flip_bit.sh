#!/usr/bin/env bash
# flip_bit.sh SRC_DIR DST_DIR FILE LINE CHAR
# Copies a vector set and flips the 0/1 character at 1-based CHAR of 1-based
# LINE of FILE: one planted error in one word.
set -eu
src=$1 dst=$2 file=$3 line=$4 col=$5
rm -rf "$dst"; mkdir -p "$dst"; cp "$src"/*.txt "$dst"/
awk -v L="$line" -v C="$col" 'NR==L { c=substr($0,C,1); if (c!="0" && c!="1") { print "flip_bit: line " L " char " C " is not a bit" > "/dev/stderr"; exit 1 } $0=substr($0,1,C-1) (c=="0"?"1":"0") substr($0,C+1) } { print }' \
  "$src/$file" > "$dst/$file"
cmp -s "$src/$file" "$dst/$file" && { echo "flip_bit: nothing changed" >&2; exit 1; }
exit 0
