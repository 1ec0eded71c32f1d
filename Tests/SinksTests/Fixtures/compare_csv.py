"""Checks sink.csv's files against the JSON records, cell for cell, with Python's csv module.

Usage: python3 compare_csv.py RECORDS.jsonl LONG.csv WIDE.csv
Prints "ok" and exits 0 when every cell matches; prints each mismatch and exits 1 otherwise.
"""
import csv
import json
import sys

APPLICATION_ROWS = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_three_safeties", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_fee_unpaid", "other_other", "other_processing", "total", "carried_forward",
]
GROUPS = ["review", "litigation_direct", "litigation_after_review"]
COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def text(value):
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def expected_long(record):
    doc, tables = record["document"]["id"], record.get("tables") or {}
    for item, fields in (tables.get("active_disclosure") or {}).items():
        for field, value in fields.items():
            yield [doc, "active_disclosure", item, field, text(value)]
    applications = tables.get("applications") or {}
    columns = applications.get("columns") or COLUMNS
    for row, values in (applications.get("rows") or {}).items():
        for index, column in enumerate(columns):
            yield [doc, "applications", row, column, text(values[index] if index < len(values) else None)]
    for group, outcomes in (tables.get("review_litigation") or {}).items():
        for outcome, value in outcomes.items():
            yield [doc, "review_litigation", group, outcome, text(value)]


def expected_wide(record):
    report, tables = record.get("report") or {}, record.get("tables") or {}
    rows = (tables.get("applications") or {}).get("rows") or {}
    review = tables.get("review_litigation") or {}
    return ([record["document"]["id"], record["document"]["source"]]
            + [text(report.get(key)) for key in ("title", "agency", "year", "format")]
            + [text(rows[key][6]) if key in rows else "" for key in APPLICATION_ROWS]
            + [text(review[group].get("total")) if group in review else "" for group in GROUPS]
            + ["; ".join(check["rule"] for check in record.get("checks", []) if check.get("ok") is False),
               str(len(record.get("issues", [])))])


def main(records_path, long_path, wide_path):
    with open(records_path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    problems = []
    long_rows, wide_rows = read(long_path), read(wide_path)
    if long_rows[0] != ["document_id", "table", "row", "column", "value"]:
        problems.append(f"long header {long_rows[0]}")
    want = sorted(row for record in records for row in expected_long(record))
    got = sorted(long_rows[1:])
    if want != got:
        problems.append(f"long table: {len(got)} lines, expected {len(want)}; first difference "
                        f"{next(((w, g) for w, g in zip(want, got) if w != g), None)}")
    by_id = {row[0]: row for row in wide_rows[1:]}
    if len(by_id) != len(wide_rows) - 1 or len(by_id) != len(records):
        problems.append(f"wide table: {len(wide_rows) - 1} lines for {len(records)} records")
    for record in records:
        want_row, got_row = expected_wide(record), by_id.get(record["document"]["id"])
        if want_row != got_row:
            problems.append(f"wide line of {record['document']['source']}: {got_row} != {want_row}")
    print("\n".join(problems) or "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
