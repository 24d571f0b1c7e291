# Install layout (relocatable): bin/archdrill, share/archdrill/{decks,assets}.
# The binary finds its data at ../share/archdrill relative to itself.
install(TARGETS archdrill RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/decks/ DESTINATION ${CMAKE_INSTALL_DATADIR}/archdrill/decks)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/archdrill/assets)

# Desktop integration, under the app id io.github.archdrill.Archdrill: the desktop entry,
# the icon (SVG plus PNG sizes, rendered by packaging/icons/render.sh) in the hicolor
# theme, and the AppStream metainfo software centres read.
set(ARCHDRILL_APP_ID io.github.archdrill.Archdrill)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/archdrill.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications RENAME ${ARCHDRILL_APP_ID}.desktop)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/packaging/icons/hicolor
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/${ARCHDRILL_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# gzip -n -9 of IN as OUT (no name or time stamp in it, so the build is reproducible),
# built with `all` by TARGET.
find_program(GZIP_EXECUTABLE gzip)
function(archdrill_gzip in out target)
    get_filename_component(name ${in} NAME)
    set(dir ${PROJECT_BINARY_DIR}/packaging/gz-${target})
    add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
        COMMAND ${CMAKE_COMMAND} -E copy ${in} ${dir}/${name}
        COMMAND ${GZIP_EXECUTABLE} -n -9 -f ${dir}/${name}
        COMMAND ${CMAKE_COMMAND} -E rename ${dir}/${name}.gz ${out}
        DEPENDS ${in}
        COMMENT "Compressing ${name}" VERBATIM)
    add_custom_target(${target} ALL DEPENDS ${out})
endfunction()

# The man page, with the version and date filled in (SOURCE_DATE_EPOCH sets the date of a
# reproducible build) and gzipped as Debian policy wants, when gzip is there.
string(TIMESTAMP ARCHDRILL_MAN_DATE "%Y-%m-%d" UTC)
set(archdrill_man ${PROJECT_BINARY_DIR}/packaging/archdrill.1)
configure_file(${PROJECT_SOURCE_DIR}/packaging/archdrill.1 ${archdrill_man} @ONLY)
if(GZIP_EXECUTABLE)
    archdrill_gzip(${archdrill_man} ${archdrill_man}.gz archdrill_man)
    install(FILES ${archdrill_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    install(FILES ${archdrill_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# share/doc/archdrill, as a Debian package needs: the machine-readable copyright file
# (packaging/copyright: the project, the fonts under the SIL OFL 1.1, the decks' CC BY 4.0
# sources) and the changelog of a native package, gzipped (packaging/changelog.in, with
# the version and maintainer filled in).
set(ARCHDRILL_PACKAGE_MAINTAINER "The archdrill contributors <archdrill@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package and its changelog")
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
set(archdrill_changelog ${PROJECT_BINARY_DIR}/packaging/changelog)
configure_file(${PROJECT_SOURCE_DIR}/packaging/changelog.in ${archdrill_changelog} @ONLY)
if(GZIP_EXECUTABLE)
    archdrill_gzip(${archdrill_changelog} ${archdrill_changelog}.gz archdrill_changelog)
    install(FILES ${archdrill_changelog}.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
else()
    install(FILES ${archdrill_changelog} DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
