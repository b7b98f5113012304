#!/usr/bin/env bash
# variant.sh SRC_DIR DST_DIR FILE SED_EXPR
# Copies a core's folder and applies one sed expression to FILE: a planted
# interface error. Fails when the expression changes nothing.
set -eu
src=$1 dst=$2 file=$3 expr=$4
rm -rf "$dst"; mkdir -p "$dst"; cp -r "$src"/. "$dst"/
sed -e "$expr" "$src/$file" > "$dst/$file"
cmp -s "$src/$file" "$dst/$file" && { echo "variant.sh: '$expr' changed nothing in $file" >&2; exit 1; }
exit 0
