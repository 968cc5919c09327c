#!/usr/bin/env python3
"""Validate the catalog and the example policies against their JSON Schemas.

Usage: validate.py [POLICIES_DIR]   (default: the directory this script is in)

Checks, per file:
  catalog/*.json   against schema/catalog.schema.json; the id equals the file name; the
                   categories are words of the shared vocabulary; no path is a shared system
                   directory (the agent matches running programs below a listed path).
  examples/*.json  against schema/policy.schema.json; ids are unique; effective is on or after
                   announced and, without short_notice_reason, at least 42 days after it;
                   covers.catalog names existing catalog entries.

This is an independent check of the data; the C++ parsers in core/ remain the authority.
Needs the jsonschema module (Debian: apt-get install python3-jsonschema). Exit status 0 when
every file passes, 1 otherwise.
"""

import datetime
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("validate.py: the Python module jsonschema is missing "
          "(Debian: apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(1)

# The data categories of ARCHITECTURE.md ("Vocabulary"), in its order. The schemas must list
# exactly these; a change is made deliberately in all three places and in core/vocabulary.cpp.
VOCABULARY = [
    "screenshots", "screen_live_view", "keystrokes", "terminal_sessions", "commands",
    "application_usage", "window_titles", "web_history", "network_traffic", "tls_inspection",
    "email_metadata", "email_content", "file_activity", "clipboard", "printing", "location",
    "camera", "microphone", "login_activity", "idle_time", "device_inventory",
    "security_telemetry", "system_logs",
]

NOTICE_DAYS = 42

# Listing one of these as a path would match every program installed there.
TOO_BROAD_PATHS = {
    "/", "/bin", "/sbin", "/usr", "/usr/bin", "/usr/sbin", "/usr/local", "/usr/local/bin",
    "/usr/lib", "/lib", "/lib64", "/usr/lib64", "/opt", "/etc", "/var", "/Applications",
    "/Library", "/usr/libexec",
    "c:\\program files", "c:\\program files (x86)", "c:\\programdata", "c:\\windows",
    "c:\\windows\\system32",
}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def make_validator(schema_path):
    schema = load_json(schema_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    out = []
    for e in errors:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
        out.append(f"{where}: {e.message}")
    return out


def check_vocabulary_in_schema(schema_path, pointer):
    schema = load_json(schema_path)
    enum = schema["$defs"][pointer]["enum"]
    if enum != VOCABULARY:
        return [f"{schema_path.name}: $defs.{pointer} differs from the vocabulary in validate.py"]
    return []


def check_catalog_file(path, validator):
    problems = []
    try:
        doc = load_json(path)
    except (OSError, ValueError) as e:
        return None, [f"not valid JSON: {e}"]
    problems += schema_errors(validator, doc)
    if not isinstance(doc, dict):
        return None, problems
    if doc.get("id") != path.stem:
        problems.append(f"$.id: must equal the file name without .json ({path.stem!r}), "
                        f"got {doc.get('id')!r}")
    for i, c in enumerate(doc.get("categories") or []):
        if c not in VOCABULARY:
            problems.append(f"$.categories[{i}]: {c!r} is not in the vocabulary")
    for platform, sig in (doc.get("signatures") or {}).items():
        if not isinstance(sig, dict):
            continue
        for i, p in enumerate(sig.get("paths") or []):
            if isinstance(p, str) and p.rstrip("/\\").lower() in {x.lower() for x in TOO_BROAD_PATHS}:
                problems.append(f"$.signatures.{platform}.paths[{i}]: {p!r} is a shared system "
                                "directory and would match unrelated programs")
    return doc, problems


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def check_policy_file(path, validator, catalog_ids, seen_ids):
    problems = []
    try:
        doc = load_json(path)
    except (OSError, ValueError) as e:
        return [f"not valid JSON: {e}"]
    problems += schema_errors(validator, doc)
    if not isinstance(doc, dict):
        return problems
    pid = doc.get("id")
    if pid in seen_ids:
        problems.append(f"$.id: {pid!r} is also declared in {seen_ids[pid]}")
    else:
        seen_ids[pid] = path.name
    announced = parse_date(doc.get("announced"))
    effective = parse_date(doc.get("effective"))
    if announced and effective:
        if effective < announced:
            problems.append("$.effective: before $.announced")
        elif (effective - announced).days < NOTICE_DAYS and not doc.get("short_notice_reason"):
            problems.append(f"$.effective: only {(effective - announced).days} days after "
                            f"$.announced; the notice period is {NOTICE_DAYS} days unless "
                            "$.short_notice_reason is given")
    covers = doc.get("covers") or {}
    for i, cid in enumerate(covers.get("catalog") or []):
        if cid not in catalog_ids:
            problems.append(f"$.covers.catalog[{i}]: no catalog entry {cid!r}")
    return problems


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else pathlib.Path(__file__).parent).resolve()
    schema_dir = root / "schema"
    passed = failed = 0

    def report(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {name}")

    try:
        catalog_validator = make_validator(schema_dir / "catalog.schema.json")
        policy_validator = make_validator(schema_dir / "policy.schema.json")
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"FAIL schema: {e}")
        print("0 passed, 1 failed")
        return 1
    report("schema/catalog.schema.json",
           check_vocabulary_in_schema(schema_dir / "catalog.schema.json", "category"))
    report("schema/policy.schema.json",
           check_vocabulary_in_schema(schema_dir / "policy.schema.json", "category"))

    catalog_files = sorted((root / "catalog").glob("*.json"))
    if not catalog_files:
        report("catalog/", ["no catalog entries found"])
    catalog_ids = set()
    for path in catalog_files:
        doc, problems = check_catalog_file(path, catalog_validator)
        if doc is not None and isinstance(doc, dict) and isinstance(doc.get("id"), str):
            catalog_ids.add(doc["id"])
        report(f"catalog/{path.name}", problems)

    example_files = sorted((root / "examples").glob("*.json"))
    if not example_files:
        report("examples/", ["no example policies found"])
    seen_ids = {}
    for path in example_files:
        report(f"examples/{path.name}",
               check_policy_file(path, policy_validator, catalog_ids, seen_ids))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
