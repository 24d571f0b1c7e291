#!/bin/sh
# Installs what archdrill needs to build, run and test, with the system's package manager
# (apt, dnf, pacman or brew), asking for sudo only when not root and only for what is
# missing.
#   packaging/deps.sh          build and run
#   packaging/deps.sh --test   also the test tools (cmocka, clang for the fuzzer, Xvfb, the
#                              package checkers, lintian on apt...)
set -eu
want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

sudo_cmd=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
    sudo_cmd="sudo"
fi

if command -v apt-get >/dev/null 2>&1; then
    pkgs="build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsqlite3-dev libcjson-dev libmd4c-dev libpng-dev"
    [ $want_tests = 1 ] && pkgs="$pkgs libcmocka-dev clang xvfb xdotool x11-utils imagemagick sqlite3 dpkg-dev desktop-file-utils appstream man-db lintian"
    missing=""
    for p in $pkgs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "installing:$missing"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing
    fi
elif command -v dnf >/dev/null 2>&1; then
    pkgs="gcc cmake pkgconf-pkg-config SDL2-devel SDL2_ttf-devel sqlite-devel cjson-devel md4c-devel libpng-devel"
    [ $want_tests = 1 ] && pkgs="$pkgs libcmocka-devel clang compiler-rt xorg-x11-server-Xvfb xdotool xdpyinfo ImageMagick sqlite"
    $sudo_cmd dnf install -y $pkgs
elif command -v pacman >/dev/null 2>&1; then
    pkgs="base-devel cmake pkgconf sdl2 sdl2_ttf sqlite cjson md4c libpng"
    [ $want_tests = 1 ] && pkgs="$pkgs cmocka clang compiler-rt xorg-server-xvfb xdotool xorg-xdpyinfo imagemagick"
    $sudo_cmd pacman -S --needed --noconfirm $pkgs
elif command -v brew >/dev/null 2>&1; then
    pkgs="cmake pkg-config sdl2 sdl2_ttf sqlite cjson md4c libpng"
    [ $want_tests = 1 ] && pkgs="$pkgs cmocka llvm"
    brew install $pkgs
else
    echo "deps.sh: no supported package manager (apt, dnf, pacman, brew); install by hand:" >&2
    echo "  a C11 compiler, CMake >= 3.25, pkg-config, SDL2, SDL2_ttf, SQLite 3, cJSON, md4c, libpng" >&2
    exit 1
fi
