# The tray's window against a real agent: included from tests/integration/CMakeLists.txt.
# Starts `indblik-agent run` on the sample fixture root and checks that the window lists the
# monitoring the agent found there.
if(TARGET indblik_tray_lib AND TARGET indblik-agent)
    # Qt's imported targets are visible only in the directory that found them.
    find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Network Test)
    add_executable(indblik_tray_agent_test ${CMAKE_CURRENT_LIST_DIR}/tray_agent_test.cpp)
    set_target_properties(indblik_tray_agent_test PROPERTIES AUTOMOC ON)
    target_link_libraries(indblik_tray_agent_test
        PRIVATE indblik_tray_lib indblik_options indblik_warnings Qt6::Test)
    target_compile_definitions(indblik_tray_agent_test PRIVATE
        INDBLIK_AGENT_BIN="$<TARGET_FILE:indblik-agent>"
        INDBLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_dependencies(indblik_tray_agent_test indblik-agent)
    add_test(NAME integration.tray_agent
             COMMAND ${PROJECT_SOURCE_DIR}/tests/xvfb/run $<TARGET_FILE:indblik_tray_agent_test>)
    set_tests_properties(integration.tray_agent PROPERTIES LABELS integration TIMEOUT 120)
endif()

# The tray's server views against a real agent enrolled to a real server process, with a DPO's
# access and a request made through the tray.
if(TARGET indblik_tray_lib AND TARGET indblik-agent AND TARGET indblik-server)
    add_executable(indblik_tray_server_test ${CMAKE_CURRENT_LIST_DIR}/tray_server_test.cpp)
    set_target_properties(indblik_tray_server_test PROPERTIES AUTOMOC ON)
    target_link_libraries(indblik_tray_server_test
        PRIVATE indblik_tray_lib indblik_options indblik_warnings Qt6::Test Qt6::Network)
    target_compile_definitions(indblik_tray_server_test PRIVATE
        INDBLIK_AGENT_BIN="$<TARGET_FILE:indblik-agent>"
        INDBLIK_SERVER_BIN="$<TARGET_FILE:indblik-server>"
        INDBLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    add_dependencies(indblik_tray_server_test indblik-agent indblik-server)
    add_test(NAME integration.tray_server
             COMMAND ${PROJECT_SOURCE_DIR}/tests/xvfb/run $<TARGET_FILE:indblik_tray_server_test>)
    set_tests_properties(integration.tray_server PROPERTIES LABELS integration TIMEOUT 180)
endif()
