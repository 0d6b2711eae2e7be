#!/usr/bin/env bash
# Builds what users install: the wheel (dist/*.whl), a one-folder app bundle (dist/exhibit-annotator/, PyInstaller)
# that runs with no Python installed, and on Linux a tarball with an install script (desktop entry, icons, project
# file type). Then runs the bundle's smoke test. Usage: bash packaging/build.sh [--no-smoke-test]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh  # .venv (builds the wheel, runs the smoke test) and the system libraries Qt needs

# The smoke test validates the desktop entry; Debian/Ubuntu have the validator in desktop-file-utils.
if ! command -v desktop-file-validate >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends desktop-file-utils
fi

VERSION=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
rm -rf build/lib dist/exhibit_annotator-*.whl  # a stale build/lib would carry deleted modules into the wheel
.venv/bin/python -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w dist .
WHEEL=$(ls dist/exhibit_annotator-"$VERSION"-*.whl)
echo "wheel: $WHEEL"

# The bundle is made from the wheel installed in a venv of its own: it holds exactly what the wheel ships, and
# none of the test tools.
PYTHON="${PYTHON:-python3}"
[ -x build/bundle-venv/bin/python ] || "$PYTHON" -m venv build/bundle-venv
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check "$WHEEL" "pyinstaller>=6.10,<7"
rm -rf dist/exhibit-annotator
build/bundle-venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/exhibit-annotator.spec

case "$(uname -s)" in
  Linux)
    # The tarball: the bundle, the desktop files and the script that installs them for the user.
    STAGE="build/tarball/exhibit-annotator-$VERSION"
    rm -rf build/tarball && mkdir -p "$STAGE/share/applications" "$STAGE/share/mime/packages"
    cp -a dist/exhibit-annotator "$STAGE/app"
    cp packaging/linux/install.sh "$STAGE/install.sh"
    cp packaging/linux/exhibit-annotator.desktop "$STAGE/share/applications/"
    cp packaging/linux/exhibit-annotator-mime.xml "$STAGE/share/mime/packages/exhibit-annotator.xml"
    for png in resources/icons/exhibit-annotator-*.png; do
      size=${png##*-}; size=${size%.png}
      mkdir -p "$STAGE/share/icons/hicolor/${size}x${size}/apps"
      cp "$png" "$STAGE/share/icons/hicolor/${size}x${size}/apps/exhibit-annotator.png"
    done
    mkdir -p "$STAGE/share/icons/hicolor/scalable/apps"
    cp resources/icons/exhibit-annotator.svg "$STAGE/share/icons/hicolor/scalable/apps/"
    TARBALL="dist/exhibit-annotator-$VERSION-linux-$(uname -m).tar.gz"
    tar -C build/tarball -czf "$TARBALL" "exhibit-annotator-$VERSION"
    echo "tarball: $TARBALL ($(du -h "$TARBALL" | cut -f1))"
    ;;
esac
echo "bundle: dist/exhibit-annotator ($(du -sh dist/exhibit-annotator | cut -f1))"

if [ "${1:-}" != "--no-smoke-test" ]; then
  EXHIBIT_ANNOTATOR_BUNDLE="$PWD/dist/exhibit-annotator" EXHIBIT_ANNOTATOR_TARBALL="${TARBALL:-}" \
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -p no:cacheprovider tests/packaging/test_bundle.py
fi
