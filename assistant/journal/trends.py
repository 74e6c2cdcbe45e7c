"""What the journal shows over time: which default responses come up with whom, how activation moves from before
to after the slowing down, and how many planned repairs were carried out (from what `mend followup` was told).

Everything here is plain data (`compute_trends` returns a dict that is also the `--json` output), and
`trends_text` lays it out as a table; the charts are in `charts.py`. A sparkline uses Unicode blocks on one fixed
0-10 scale, so the before and after lines can be compared by eye; off a terminal, or with `plain`, the same
figures are written as numbers, which a screen reader can say.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from mend.assistant.journal.entry import JournalEntry
from mend.assistant.journal.render import OUTCOME_WORDS

TRENDS_FORMAT = "mend-trends"
PATTERN_WORDS = {
    "withdrawing": "pulling away", "defending": "defending yourself", "over_apologizing": "over-apologising",
    "self_blame": "blaming yourself", "minimizing": "playing feelings down", "rushing_to_fix": "rushing to fix it",
}
RELATIONSHIP_COLUMNS = {"partner": "partner", "friend": "friend", "family": "family", "colleague": "colleague",
                        "self": "yourself"}
NOT_SAID = "not said"
CARRIED_OUT = ("went_well", "partly", "not_ready", "went_badly")  # they made the repair offer, whatever came of it
BLOCKS = "▁▂▃▄▅▆▇█"


def _period(moment: datetime, by: str) -> str:
    if by == "day":
        return moment.isoformat()[:10]
    if by == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    return moment.isoformat()[:7]


def _all_periods(entries: list[JournalEntry], by: str) -> list[str]:
    """Every period from the first entry's to the last's, so a quiet stretch shows as a gap, not as nothing."""
    if not entries:
        return []
    first = min(e.created_at for e in entries).date()
    last = max(e.created_at for e in entries).date()
    if by == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
    step = 7 if by == "week" else 1
    start = first - timedelta(days=first.weekday()) if by == "week" else first
    days = range(0, (last - start).days + 1, step)
    return list(dict.fromkeys(_period(datetime.combine(start + timedelta(days=d), time()), by) for d in days))


def choose_period(entries: list[JournalEntry], by: str = "auto") -> str:
    """`auto`: days for a fortnight or less, weeks up to half a year, months beyond."""
    if by != "auto":
        return by
    if not entries:
        return "month"
    span = (max(e.created_at for e in entries) - min(e.created_at for e in entries)).days
    return "day" if span <= 14 else "week" if span <= 183 else "month"


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def compute_trends(entries: list[JournalEntry], by: str = "auto") -> dict:
    """The figures behind `mend journal trends`, as JSON-ready data."""
    period = choose_period(entries, by)
    pairs: Counter[tuple[str, str]] = Counter()
    relationships: Counter[str] = Counter()
    buckets: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"before": [], "after": [], "change": [], "n": []})
    outcomes: Counter[str] = Counter()
    plans = 0
    empty: dict[str, list[int]] = {"before": [], "after": [], "change": [], "n": []}
    for entry in entries:
        who = entry.relationship or NOT_SAID
        relationships[who] += 1
        for pattern in dict.fromkeys(entry.patterns):
            pairs[(pattern, who)] += 1
        bucket = buckets[_period(entry.created_at, period)]
        bucket["n"].append(1)
        before, after = entry.activation_before, entry.activation_after
        if before is not None:
            bucket["before"].append(before)
        if after is not None:
            bucket["after"].append(after)
        if before is not None and after is not None:
            bucket["change"].append(after - before)
        if entry.has_plan():
            plans += 1
            if entry.followup is not None:
                outcomes[entry.followup.outcome] += 1
    patterns = sorted({p for p, _ in pairs}, key=lambda p: (-sum(n for (q, _), n in pairs.items() if q == p), p))
    columns = [r for r in [*RELATIONSHIP_COLUMNS, NOT_SAID] if relationships[r]]
    columns += sorted(r for r in relationships if r not in columns)
    told = sum(outcomes.values())
    return {
        "format": TRENDS_FORMAT,
        "entries": len(entries),
        "first": min(entries, key=lambda e: e.created_at).created_at.isoformat() if entries else None,
        "last": max(entries, key=lambda e: e.created_at).created_at.isoformat() if entries else None,
        "patterns_by_relationship": {
            "relationships": columns,
            "entries_per_relationship": {r: relationships[r] for r in columns},
            "counts": {p: {r: pairs[(p, r)] for r in columns} for p in patterns},
        },
        "activation": {
            "period": period,
            "points": [
                {"period": key, "entries": len(b["n"]), "before": _mean(b["before"]), "after": _mean(b["after"]),
                 "change": _mean(b["change"]), "readings": len(b["change"])}
                for key, b in ((key, buckets.get(key, empty)) for key in _all_periods(entries, period))
            ],
        },
        "plans": {
            "made": plans, "followed_up": told, "carried_out": sum(outcomes[k] for k in CARRIED_OUT),
            "not_followed_up": plans - told, "outcomes": {key: outcomes[key] for key in OUTCOME_WORDS},
        },
    }


def sparkline(values: list[float | None], top: float = 10.0) -> str:
    """One block a value on a fixed 0..top scale; a gap (no reading) is a space."""
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            out.append(BLOCKS[min(len(BLOCKS) - 1, max(0, round(value / top * (len(BLOCKS) - 1))))])
    return "".join(out)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _table(header: list[str], rows: list[list[str]], first_width: int) -> list[str]:
    widths = [max(first_width, *(len(r[0]) for r in rows), len(header[0]))]
    widths += [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(1, len(header))]
    def line(cells: list[str]) -> str:
        return "  ".join([cells[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]).rstrip()
    return [line(header)] + [line(r) for r in rows]


def trends_text(data: dict, sparklines: bool) -> list[str]:
    """The trends as lines for a terminal; `sparklines` False writes the activation series as plain numbers."""
    first, last = (data["first"] or "")[:10], (data["last"] or "")[:10]
    count = data["entries"]
    lines = [f"Trends over {count} journal {'entry' if count == 1 else 'entries'}, {first} to {last} (UTC)", ""]
    table = data["patterns_by_relationship"]
    lines.append("Default responses noticed, by who it was with (number of entries)")
    if table["counts"]:
        columns = table["relationships"]
        header = ["response", *[RELATIONSHIP_COLUMNS.get(c, c) for c in columns], "total"]
        rows = [[PATTERN_WORDS.get(p, p.replace("_", " ")), *[str(row[c]) for c in columns], str(sum(row.values()))]
                for p, row in table["counts"].items()]
        lines += _table(header, rows, 20)
    else:
        lines.append("none noticed yet")
    points = data["activation"]["points"]
    lines += ["", f"Activation before and after slowing down, average per {data['activation']['period']} "
              "(0 calm, 10 overwhelmed)"]
    rows = [[p["period"], str(p["entries"]), _number(p["before"]), _number(p["after"]),
             "-" if p["change"] is None else f"{p['change']:+.1f}"] for p in points if p["entries"]]
    lines += _table(["period", "entries", "before", "after", "change"], rows, 10)
    before, after = [p["before"] for p in points], [p["after"] for p in points]
    if sparklines:
        lines += ["", f"before  {sparkline(before)}", f"after   {sparkline(after)}"]
        if None in before:
            lines.append("(a space is a " + data["activation"]["period"] + " without a reading)")
    else:
        lines += ["", f"before, oldest first, one a {data['activation']['period']} (- for none): "
                  + ", ".join(map(_number, before)), "after, oldest first: " + ", ".join(map(_number, after))]
    plans = data["plans"]
    lines += ["", "Planned repairs"]
    rows = [["plans made", str(plans["made"])], ["told how it went (mend followup)", str(plans["followed_up"])],
            ["carried out", str(plans["carried_out"])]]
    rows += [[f"  {OUTCOME_WORDS[key]}", str(plans["outcomes"][key])] for key in CARRIED_OUT]
    rows += [["not yet", str(plans["outcomes"]["not_yet"])], ["not told yet", str(plans["not_followed_up"])]]
    lines += _table(["", "count"], rows, 20)[1:]
    return lines


def recent_summary(entries: list[JournalEntry], last: int = 10) -> dict:
    """The last few reflections in a few figures, for saying aloud: how many, the default response noticed most
    (with whom, when one relationship had most of it) and the average activation before and after."""
    recent = sorted(entries, key=lambda e: (e.created_at, e.id or 0))[-last:]
    counts = Counter(p for e in recent for p in dict.fromkeys(e.patterns))
    top = min(counts, key=lambda p: (-counts[p], p)) if counts else None
    who = Counter(e.relationship or NOT_SAID for e in recent if top in e.patterns)
    mostly = who.most_common(1)[0][0] if who else None
    before = [e.activation_before for e in recent if e.activation_before is not None]
    after = [e.activation_after for e in recent if e.activation_after is not None]
    return {
        "entries": len(recent),
        "pattern": PATTERN_WORDS.get(top, top.replace("_", " ")) if top else None,
        "relationship": mostly if mostly and who[mostly] * 2 > sum(who.values()) and mostly != NOT_SAID else None,
        "before": _mean(before), "after": _mean(after),
    }
