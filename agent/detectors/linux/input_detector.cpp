#include "detectors/linux/input_detector.h"

#include <algorithm>
#include <set>

#include "json_reader.h"

namespace indblik::agent {

namespace {

// Programs that read input devices directly as part of a normal desktop or console. Matched by
// executable base name, and only when the executable lives in a system directory, so a program
// in a home directory cannot hide behind one of these names.
//   Display servers and Wayland compositors: Xorg, Xwayland, gnome-shell, mutter, kwin_wayland,
//     kwin_wayland_wrapper, sway, weston, Hyprland, labwc, wayfire, river, cage, gamescope,
//     enlightenment, niri, cosmic-comp.
//   Session and power daemons that watch keys such as power, lid or brightness:
//     systemd-logind (hands devices to the compositor), acpid, upowerd, thermald, systemd-udevd
//     (probes new devices), iio-sensor-proxy.
//   Console and accessibility input: gpm (console mouse), brltty (braille), kmscon, plymouthd.
//   libinput's udev helpers (libinput-device-group, libinput-fuzz-extract, libinput-fuzz-to-zero).
//     Not libinput's debug-events tool: it prints every key pressed, so it is reported.
const std::set<std::string, std::less<>>& allowedReaders() {
    static const std::set<std::string, std::less<>> names = {"Xorg",
                                                             "X",
                                                             "Xwayland",
                                                             "gnome-shell",
                                                             "mutter",
                                                             "kwin_wayland",
                                                             "kwin_wayland_wrapper",
                                                             "sway",
                                                             "weston",
                                                             "Hyprland",
                                                             "labwc",
                                                             "wayfire",
                                                             "river",
                                                             "cage",
                                                             "gamescope",
                                                             "enlightenment",
                                                             "niri",
                                                             "cosmic-comp",
                                                             "systemd-logind",
                                                             "acpid",
                                                             "upowerd",
                                                             "thermald",
                                                             "systemd-udevd",
                                                             "iio-sensor-proxy",
                                                             "gpm",
                                                             "brltty",
                                                             "kmscon",
                                                             "plymouthd",
                                                             "libinput-device-group",
                                                             "libinput-fuzz-extract",
                                                             "libinput-fuzz-to-zero"};
    return names;
}

// Browsers open /dev/hidraw* for security keys (WebAuthn); that is not a keyboard.
const std::set<std::string, std::less<>>& hidrawBrowsers() {
    static const std::set<std::string, std::less<>> names = {"firefox",  "firefox-esr", "chrome",
                                                             "chromium", "brave",       "msedge"};
    return names;
}

bool inSystemDirectory(const std::string& exe) {
    for (const char* dir : {"/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/"}) {
        if (exe.rfind(dir, 0) == 0) {
            return true;
        }
    }
    return false;
}

std::string baseName(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Bit n of a /proc/bus/input/devices bitmap ("B: KEY=... 3ff 0"); words are written most
// significant first and are the kernel's long size, so only bits below 32 are read here.
bool lowBit(std::string_view bitmap, int bit) {
    const auto space = bitmap.find_last_of(' ');
    const auto last = space == std::string_view::npos ? bitmap : bitmap.substr(space + 1);
    unsigned long long word = 0;
    for (const char c : last.substr(last.size() > 8 ? last.size() - 8 : 0)) {
        const int v = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (v < 0) {
            return false;
        }
        word = (word << 4) | static_cast<unsigned>(v);
    }
    return (word >> bit) & 1U;
}

struct Reader {
    std::set<std::string> evidence;
    bool keyboard = false;
};

} // namespace

std::map<std::string, InputDevice> parseInputDevices(std::string_view text) {
    std::map<std::string, InputDevice> out;
    std::string name;
    std::vector<std::string> handlers;
    std::string keys;
    bool mouseHandler = false;
    bool relative = false;
    auto finish = [&] {
        for (const auto& h : handlers) {
            if (h.rfind("event", 0) != 0 || out.size() >= 1024) {
                continue;
            }
            InputDevice d;
            d.name = name;
            // A keyboard has Escape (1), Q (16) and A (30).
            if (!keys.empty() && lowBit(keys, 1) && lowBit(keys, 16) && lowBit(keys, 30)) {
                d.kind = InputKind::keyboard;
            } else if (mouseHandler || relative) {
                d.kind = InputKind::pointer;
            } else {
                d.kind = InputKind::other;
            }
            out["/dev/input/" + h] = d;
        }
        name.clear();
        handlers.clear();
        keys.clear();
        mouseHandler = relative = false;
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty()) {
            finish();
        } else if (line.rfind("N: Name=", 0) == 0) {
            name = std::string(line.substr(8, 200));
            if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
                name = name.substr(1, name.size() - 2);
            }
        } else if (line.rfind("H: Handlers=", 0) == 0) {
            std::string word;
            for (const char c : line.substr(12)) {
                if (c == ' ') {
                    if (!word.empty()) {
                        handlers.push_back(word);
                    }
                    word.clear();
                } else {
                    word.push_back(c);
                }
            }
            if (!word.empty()) {
                handlers.push_back(word);
            }
            mouseHandler = std::any_of(handlers.begin(), handlers.end(), [](const std::string& h) {
                return h.rfind("mouse", 0) == 0;
            });
        } else if (line.rfind("B: KEY=", 0) == 0) {
            keys = std::string(line.substr(7));
        } else if (line.rfind("B: REL=", 0) == 0) {
            relative = line.substr(7) != "0";
        }
        if (end == text.size()) {
            break;
        }
    }
    finish();
    return out;
}

std::map<std::string, InputDevice> readInputDevices(const DetectorContext& ctx) {
    // Bounded; missing (no input devices, or a test tree) is quiet, anything odd is reported.
    auto text = ctx.readConfig("/proc/bus/input/devices", 256 * 1024);
    return text ? parseInputDevices(*text) : std::map<std::string, InputDevice>{};
}

bool isAllowedInputReader(const ProcessInfo& p) {
    if (!p.exe.empty()) {
        return inSystemDirectory(p.exe) && allowedReaders().count(baseName(p.exe)) > 0;
    }
    return allowedReaders().count(p.comm) > 0;
}

std::vector<Observation> matchInputReaders(const std::vector<ProcessInfo>& processes,
                                           const std::map<std::string, InputDevice>& devices,
                                           const Catalog& catalog) {
    std::map<const CatalogEntry*, Reader> products;
    std::map<std::string, Reader> unknown; // by program label
    for (const auto& p : processes) {
        if (p.inputDevices.empty() || isAllowedInputReader(p)) {
            continue;
        }
        const auto label = processLabel(p);
        const bool browser = (inSystemDirectory(p.exe) || p.exe.rfind("/opt/", 0) == 0) &&
                             hidrawBrowsers().count(baseName(p.exe)) > 0;
        Reader reader;
        for (const auto& device : p.inputDevices) {
            std::string what;
            const bool hidraw = device.rfind("/dev/hidraw", 0) == 0;
            if (hidraw) {
                if (browser) {
                    continue;
                }
                what = "raw USB/Bluetooth input device";
                reader.keyboard = true; // it may be a keyboard; Indblik cannot tell
            } else if (device == "/dev/input/mice" || device.rfind("/dev/input/mouse", 0) == 0) {
                what = "mouse";
            } else if (auto d = devices.find(device); d != devices.end()) {
                if (d->second.kind == InputKind::other) {
                    continue; // a power button or lid switch says nothing about the person
                }
                what = d->second.kind == InputKind::keyboard ? "keyboard" : "mouse";
                reader.keyboard = reader.keyboard || d->second.kind == InputKind::keyboard;
                if (!d->second.name.empty()) {
                    what += " \"" + d->second.name + "\"";
                }
            } else {
                what = "input device";
                reader.keyboard = true; // unknown kind: it may be a keyboard
            }
            reader.evidence.insert("reads " + what + " " + device + " directly: " + label);
        }
        if (reader.evidence.empty()) {
            continue;
        }
        if (const auto* entry = productForProcess(p, catalog)) {
            auto& r = products[entry];
            r.evidence.insert(reader.evidence.begin(), reader.evidence.end());
            r.keyboard = r.keyboard || reader.keyboard;
            continue;
        }
        auto& r = unknown[label];
        r.evidence.insert(reader.evidence.begin(), reader.evidence.end());
        r.keyboard = r.keyboard || reader.keyboard;
    }

    std::vector<Observation> out;
    for (const auto& [entry, r] : products) {
        auto o = productObservation(
            *entry, "input", {r.evidence.begin(), r.evidence.end()},
            "A recognised program reads the keyboard or mouse directly, below the desktop, so it "
            "can see input meant for every program.",
            "Et genkendt program læser tastatur eller mus direkte, under skrivebordet, så det kan "
            "se input til alle programmer.");
        const auto has = [&](const char* c) {
            return std::find(o.categories.begin(), o.categories.end(), c) != o.categories.end();
        };
        if (r.keyboard && !has("keystrokes")) {
            // Reading the keyboard device means it can see every key, whatever its maker says.
            o.categories.push_back("keystrokes");
            o.why.en += " Because it reads the keyboard itself, it can also see every key you "
                        "press.";
            o.why.da += " Fordi det læser selve tastaturet, kan det også se hver tast, du trykker "
                        "på.";
        }
        out.push_back(std::move(o));
    }
    for (const auto& [label, r] : unknown) {
        const auto program = json::escapeInvalidUtf8(baseName(label));
        if (r.keyboard) {
            out.push_back(findingObservation(
                "input", "Program reading the keyboard directly: " + program,
                LocalizedText{"Program reading the keyboard directly: " + program,
                              "Program, der læser tastaturet direkte: " + program},
                {"keystrokes"}, {r.evidence.begin(), r.evidence.end()},
                LocalizedText{
                    "This program reads the keyboard device itself, below the desktop, so it can "
                    "see every key you press in every program, passwords included. Desktops and "
                    "input services do this by design, but this program is not one of them and "
                    "Indblik does not recognise it. Ask your employer what it is for.",
                    "Dette program læser selve tastaturenheden, under skrivebordet, så det kan se "
                    "hver tast, du trykker på i alle programmer, også adgangskoder. Skriveborde og "
                    "inputtjenester gør det som en del af deres arbejde, men dette program er ikke "
                    "et af dem, og Indblik kender det ikke. Spørg din arbejdsgiver, hvad det "
                    "bruges til."}));
        } else {
            out.push_back(findingObservation(
                "input", "Program reading the mouse directly: " + program,
                LocalizedText{"Program reading the mouse directly: " + program,
                              "Program, der læser musen direkte: " + program},
                {"idle_time"}, {r.evidence.begin(), r.evidence.end()},
                LocalizedText{
                    "This program reads the mouse device itself, below the desktop. It sees every "
                    "movement and click, which shows when you are at the computer and when you are "
                    "away. It does not see what you type. Indblik does not recognise it; ask your "
                    "employer what it is for.",
                    "Dette program læser selve museenheden, under skrivebordet. Det ser hver "
                    "bevægelse og hvert klik, og det viser, hvornår du er ved computeren, og "
                    "hvornår du er væk. Det ser ikke, hvad du skriver. Indblik kender det ikke; "
                    "spørg din arbejdsgiver, hvad det bruges til."}));
        }
    }
    return out;
}

} // namespace indblik::agent
