#!/usr/bin/env bash
# Installs Exhibit Annotator for the current user, no root needed: the app in ~/.local/lib/exhibit-annotator, the
# command `exhibit-annotator` in ~/.local/bin, a menu entry, icons, and the project file type (double-click opens
# a project). `bash install.sh --uninstall` removes all of it. PREFIX and XDG_DATA_HOME are honoured.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="${PREFIX:-$HOME/.local}"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APP="$PREFIX/lib/exhibit-annotator"
BIN="$PREFIX/bin/exhibit-annotator"
ICON_SIZES="16 24 32 48 64 128 256 512"

refresh() {  # the desktop's caches, where the tools exist (they are optional)
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -qtf "$DATA/icons/hicolor" >/dev/null 2>&1 || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APP"
  rm -f "$BIN" "$DATA/applications/exhibit-annotator.desktop" "$DATA/mime/packages/exhibit-annotator.xml" \
    "$DATA/icons/hicolor/scalable/apps/exhibit-annotator.svg"
  for size in $ICON_SIZES; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/exhibit-annotator.png"; done
  refresh
  echo "Exhibit Annotator removed (your projects and settings are untouched)."
  exit 0
fi

rm -rf "$APP" && mkdir -p "$APP" "$(dirname "$BIN")" "$DATA/applications" "$DATA/mime/packages"
cp -a "$HERE/app/." "$APP/"
ln -sf "$APP/exhibit-annotator" "$BIN"
# The menu entry names the program by its full path: a desktop session's PATH often lacks ~/.local/bin.
sed -e "s|^Exec=exhibit-annotator|Exec=$APP/exhibit-annotator|" -e "s|^TryExec=exhibit-annotator|TryExec=$APP/exhibit-annotator|" \
  "$HERE/share/applications/exhibit-annotator.desktop" > "$DATA/applications/exhibit-annotator.desktop"
cp "$HERE/share/mime/packages/exhibit-annotator.xml" "$DATA/mime/packages/"
cp -r "$HERE/share/icons" "$DATA/"
refresh
echo "Exhibit Annotator installed: $BIN, and in your applications menu."
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "Add $PREFIX/bin to your PATH to run it from a terminal." ;; esac
