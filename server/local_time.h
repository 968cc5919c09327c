#pragma once

// The workplace's calendar: deadlines and effective dates are days where the people are, not
// UTC days. The workplace's time zone is the server process's (the TZ environment variable, else
// /etc/localtime); every server process on one database must run with the same one (the
// systemd unit and docs/deploy.md say how). Times stored stay ISO-8601 UTC.

#include <string>
#include <string_view>

namespace indblik::server {

// The local calendar date ("YYYY-MM-DD") of an ISO-8601 UTC time ("YYYY-MM-DDTHH:MM:SS[.fff]Z");
// empty when it is not one.
std::string localDate(std::string_view isoUtc);

// The local date and clock time ("YYYY-MM-DD HH:MM") of an ISO-8601 UTC time, for text people
// read; empty when it is not one.
std::string localDateTime(std::string_view isoUtc);

// From one ISO-8601 UTC time to another in local time, for text people read:
// "2026-11-22 15:00–16:00" within one day, "2026-11-22 23:30 – 2026-11-23 00:30" across
// midnight; the two texts as they are when either is not a time.
std::string localInterval(std::string_view startUtc, std::string_view endUtc);

// The first and the last moment of a local calendar date, as ISO-8601 UTC with milliseconds
// (in Copenhagen in winter, 2026-02-01 starts at 2026-01-31T23:00:00.000Z and ends at
// 2026-02-01T22:59:59.999Z); empty when the date is not one. A day that starts inside a
// daylight-saving gap starts when the clocks resume.
std::string localDayStart(std::string_view date);
std::string localDayEnd(std::string_view date);

// The time zone in use, for health output and logs ("Europe/Copenhagen (CET/CEST)" or the
// abbreviations alone when the name is not known).
std::string localZoneDescription();

} // namespace indblik::server
