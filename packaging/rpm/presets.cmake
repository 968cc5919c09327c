# Run by CPack (CPACK_PRE_BUILD_SCRIPTS) after the components are staged and before each package
# is made. For the RPMs only, adds a systemd preset per package that enables its unit: the
# scriptlets run `systemctl preset` on the first installation, and Fedora's and RHEL's default
# preset disables every unit that no preset names. An administrator's own preset in
# /etc/systemd/system-preset/ overrides it. The .debs get none (Debian does not use presets;
# their postinst enables the unit itself).
if(CPACK_GENERATOR STREQUAL "RPM")
    foreach(comp agent server)
        set(staged "${CPACK_TEMPORARY_DIRECTORY}/${comp}")
        if(IS_DIRECTORY "${staged}")
            file(WRITE "${staged}/usr/lib/systemd/system-preset/80-indblik-${comp}.preset"
                 "# Enabled on installation; override in /etc/systemd/system-preset/.\n"
                 "enable indblik-${comp}.service\n")
        endif()
    endforeach()
endif()
