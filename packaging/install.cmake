# Install layout (relocatable): bin/archdrill, share/archdrill/{decks,assets}.
# The binary finds its data at ../share/archdrill relative to itself.
install(TARGETS archdrill RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/decks/ DESTINATION ${CMAKE_INSTALL_DATADIR}/archdrill/decks)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/archdrill/assets)
