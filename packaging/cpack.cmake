# The Debian package: `cpack -G DEB` in the build tree writes archdrill_VERSION_ARCH.deb
# with everything packaging/install.cmake installs, under /usr. tests/e2e/package.sh
# builds it and checks its contents, metadata and that the extracted tree runs.
set(CPACK_PACKAGE_NAME archdrill)
set(CPACK_PACKAGE_VENDOR "The archdrill contributors")
# ARCHDRILL_PACKAGE_MAINTAINER: set in packaging/install.cmake, which signs the changelog.
set(CPACK_PACKAGE_CONTACT "${ARCHDRILL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/archdrill/archdrill")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "flashcards, timed design drills and a whiteboard for system architects")
# The long description, wrapped under 80 columns as Debian wants.
set(CPACK_PACKAGE_DESCRIPTION
    "archdrill turns a strong backend engineer into a system architect who can
pass any system-design interview: flashcards on architecture patterns,
anti-patterns, decision frameworks and their fundamentals, scheduled with
FSRS-6; timed 45-minute mock design interviews and short estimation,
risk-review and ADR drills; and a whiteboard. The cards are plain Markdown
decks; everything else lives in one local SQLite database.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends: computed from the libraries the binary links (SDL2, SDL2_ttf, SQLite, cJSON,
# md4c, libpng, libc) when dpkg-shlibdeps is there, as on any Debian or Ubuntu; else declared.
find_program(DPKG_SHLIBDEPS_EXECUTABLE dpkg-shlibdeps)
if(DPKG_SHLIBDEPS_EXECUTABLE)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libc6, libsdl2-2.0-0, libsdl2-ttf-2.0-0, libsqlite3-0, libcjson1, libmd4c0, libpng16-16")
endif()

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build/" "/\\\\.cache/")
include(CPack)
