#!/bin/sh
# Sets up, builds and starts archdrill, or runs its tests: the two commands of README.md.
#   packaging/run.sh app    install dependencies, build, start the app on the shipped decks
#   packaging/run.sh test   install dependencies (with the test tools), build, run ctest
set -eu
cd "$(dirname "$0")/.."
what=${1:-app}
preset=dev
[ "${CI:-}" = "true" ] && preset=ci
case "$what" in
app)
    packaging/deps.sh
    cmake --preset "$preset" -DARCHDRILL_BUILD_TESTS=OFF >/dev/null
    cmake --build --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)"
    exec "build/$preset/archdrill"
    ;;
test)
    packaging/deps.sh --test
    cmake --preset "$preset" -DARCHDRILL_BUILD_TESTS=ON >/dev/null
    cmake --build --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)"
    ctest --preset "$preset" -j 2
    ;;
*)
    echo "usage: packaging/run.sh app|test" >&2
    exit 2
    ;;
esac
