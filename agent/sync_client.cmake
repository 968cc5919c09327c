#Enrollment and sync client, a library of its own so integration tests can link it without the
#rest of the agent.
add_library(indblik_agent_sync STATIC ${CMAKE_CURRENT_LIST_DIR} /
            sync_client.cpp ${CMAKE_CURRENT_LIST_DIR} / retry.cpp)
    target_include_directories(indblik_agent_sync PUBLIC ${CMAKE_CURRENT_LIST_DIR})
        target_link_libraries(indblik_agent_sync PUBLIC indblik_core Poco::NetSSL Poco::Net
                                  Poco::Crypto Poco::JSON PRIVATE indblik_options indblik_warnings)
