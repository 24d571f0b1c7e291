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

# The man page, with the version and date filled in (SOURCE_DATE_EPOCH sets the date of a
# reproducible build) and gzipped as Debian policy wants, when gzip is there.
string(TIMESTAMP ARCHDRILL_MAN_DATE "%Y-%m-%d" UTC)
set(archdrill_man ${PROJECT_BINARY_DIR}/packaging/archdrill.1)
configure_file(${PROJECT_SOURCE_DIR}/packaging/archdrill.1 ${archdrill_man} @ONLY)
find_program(GZIP_EXECUTABLE gzip)
if(GZIP_EXECUTABLE)
    add_custom_command(OUTPUT ${archdrill_man}.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging/gz
        COMMAND ${CMAKE_COMMAND} -E copy ${archdrill_man} ${PROJECT_BINARY_DIR}/packaging/gz/
        COMMAND ${GZIP_EXECUTABLE} -n -9 -f ${PROJECT_BINARY_DIR}/packaging/gz/archdrill.1
        COMMAND ${CMAKE_COMMAND} -E rename ${PROJECT_BINARY_DIR}/packaging/gz/archdrill.1.gz
                ${archdrill_man}.gz
        DEPENDS ${archdrill_man}
        COMMENT "Compressing the man page" VERBATIM)
    add_custom_target(archdrill_man ALL DEPENDS ${archdrill_man}.gz)
    install(FILES ${archdrill_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    install(FILES ${archdrill_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()
