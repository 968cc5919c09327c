# UNTESTED: written and reviewed against the CPack WIX (WiX Toolset v3) documentation, never
# built or installed: there is no Windows machine, WiX or Windows port of the agent here (its
# detectors are Linux-only). See docs/deploy.md, "Windows (MSI)".
#
# The agent's MSI through CPack's WIX generator, included from packaging/CMakeLists.txt on
# Windows only (before include(CPack)). Silent installation with enrollment settings:
#   msiexec /i indblik-agent-0.1.0-win64.msi /qn SERVER=https://indblik.example.com:8444 ^
#           CAFINGERPRINT=<64 hex digits> TOKEN=<token>
# writes them to %ProgramData%\Indblik\agent.conf.d\50-msi.conf (SYSTEM and Administrators
# only), installs the agent as the service "IndblikAgent" (LocalSystem, automatic start) and
# starts it; the agent enrolls by itself (docs/deploy.md, "Unattended enrollment").

set(CPACK_GENERATOR WIX)
# Only the agent: the server runs on Linux.
set(CPACK_COMPONENTS_ALL agent)
set(CPACK_PACKAGE_NAME indblik-agent)
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Indblik")
# Fixed for every version, forever: it is how a newer MSI finds and replaces an older one
# (Product/@UpgradeCode). Never reuse it for another product; never change it.
set(CPACK_WIX_UPGRADE_GUID "6DC48297-2845-4AD3-ACBB-C4EB04CBC1AB")
set(CPACK_WIX_ROOT_FEATURE_TITLE "Indblik agent")
set(CPACK_WIX_PROPERTY_ARPCOMMENTS
    "Shows employees the monitoring on their computer / Viser medarbejdere overvågningen på deres computer")
set(CPACK_WIX_PROPERTY_ARPNOMODIFY 1)
# The service, the enrollment properties and the configuration directory's ACL.
set(CPACK_WIX_PATCH_FILE ${CMAKE_CURRENT_LIST_DIR}/patch.xml)
set(CPACK_WIX_EXTRA_SOURCES ${CMAKE_CURRENT_LIST_DIR}/enrollment.wxs)
# util:PermissionEx (the ACL) is in the WiX utility extension.
set(CPACK_WIX_EXTENSIONS WixUtilExtension)
set(CPACK_WIX_CUSTOM_XMLNS "util=http://schemas.microsoft.com/wix/UtilExtension")
