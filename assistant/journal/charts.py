"""Charts of the journal's trends: a PNG drawn with matplotlib (an optional extra) and a self-contained HTML page
with an inline SVG chart and the figures as tables (no network, no scripts, nothing fetched when it is opened).

Both take the data of `compute_trends` and return the file's content; the CLI writes it owner-only and
atomically (`assistant.paths`), like every export.
"""

from __future__ import annotations

import io
import textwrap
from html import escape
from pathlib import Path

from mend.assistant.errors import MendError
from mend.assistant.journal.render import OUTCOME_WORDS
from mend.assistant.journal.trends import CARRIED_OUT, PATTERN_WORDS, RELATIONSHIP_COLUMNS

PLOTS_HINT = "pip install 'mend-voice[plots]'"
BEFORE_COLOUR, AFTER_COLOUR = "#c0504d", "#2e75b6"


def _matplotlib():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MendError("drawing a PNG chart needs matplotlib, which is not installed", hint=PLOTS_HINT) from None
    return plt


def render_png(data: dict) -> bytes:
    """Three panels: activation before and after per period, responses by relationship, and plan outcomes."""
    plt = _matplotlib()
    points = data["activation"]["points"]
    fig, (top, middle, bottom) = plt.subplots(3, 1, figsize=(9, 10), dpi=100)
    try:
        labels = [p["period"] for p in points]
        xs = list(range(len(points)))
        for key, colour, name in (("before", BEFORE_COLOUR, "before"), ("after", AFTER_COLOUR, "after")):
            ys = [float("nan") if p[key] is None else p[key] for p in points]  # a gap breaks the line
            top.plot(xs, ys, marker="o", markersize=3, color=colour, label=name)
        top.set_ylim(0, 10)
        top.set_ylabel("activation (0 calm, 10 overwhelmed)")
        top.set_title(f"Activation before and after slowing down, average per {data['activation']['period']}")
        step = max(1, len(xs) // 12)
        top.set_xticks(xs[::step], labels[::step], rotation=30, ha="right", fontsize=8)
        top.legend(loc="upper right")
        table = data["patterns_by_relationship"]
        patterns, columns = list(table["counts"]), table["relationships"]
        width = 0.8 / max(1, len(columns))
        for i, column in enumerate(columns):
            heights = [table["counts"][p][column] for p in patterns]
            middle.bar([j + i * width for j in range(len(patterns))], heights, width,
                       label=RELATIONSHIP_COLUMNS.get(column, column))
        middle.set_xticks([j + 0.4 - width / 2 for j in range(len(patterns))],
                          [textwrap.fill(PATTERN_WORDS.get(p, p), 12) for p in patterns], fontsize=8)
        middle.set_title("Default responses noticed, by who it was with")
        middle.set_ylabel("entries")
        if columns and patterns:
            middle.legend(fontsize=8)
        plans = data["plans"]
        names = [*(OUTCOME_WORDS[k] for k in CARRIED_OUT), "not yet", "not told yet"]
        values = [*(plans["outcomes"][k] for k in CARRIED_OUT), plans["outcomes"]["not_yet"], plans["not_followed_up"]]
        bottom.barh(names[::-1], values[::-1], color="#7f9f7f")
        bottom.set_title(f"Planned repairs: {plans['made']} made, {plans['carried_out']} carried out")
        bottom.set_xlabel("plans")
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _svg_activation(points: list[dict], period: str) -> str:
    width, height, left, right, top, bottom = 720, 300, 48, 16, 20, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(1, len(points) - 1)

    def x(i: int) -> float:
        return left + (plot_w * i / count if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 10)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-labelledby="chart-title chart-desc">',
             '<title id="chart-title">Activation before and after slowing down</title>',
             f'<desc id="chart-desc">Average activation per {escape(period)}, 0 calm to 10 overwhelmed; the same '
             'figures are in the table below.</desc>']
    for level in range(0, 11, 2):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="#ddd"/><text x="{left - 8}" y="{y(level) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{level}</text>')
    step = max(1, len(points) // 12)
    for i in range(0, len(points), step):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 18}" font-size="10" text-anchor="end" '
                     f'transform="rotate(-30 {x(i):.1f} {height - bottom + 18})">{escape(points[i]["period"])}</text>')
    for key, colour in (("before", BEFORE_COLOUR), ("after", AFTER_COLOUR)):
        runs: list[list[tuple[float, float]]] = [[]]  # a period without readings breaks the line
        for i, p in enumerate(points):
            if p[key] is None:
                runs.append([])
            else:
                runs[-1].append((x(i), y(p[key])))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in run)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
            parts += [f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>' for cx, cy in run]
    legend_y = height - 12
    parts.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{BEFORE_COLOUR}"/>'
                 f'<text x="{left + 14}" y="{legend_y}" font-size="12">before</text>'
                 f'<rect x="{left + 80}" y="{legend_y - 9}" width="10" height="10" fill="{AFTER_COLOUR}"/>'
                 f'<text x="{left + 94}" y="{legend_y}" font-size="12">after</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _html_table(caption: str, header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th scope=\"col\">{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + f"<th scope=\"row\">{escape(str(r[0]))}</th>" + "".join(f"<td>{escape(str(c))}</td>" for c in r[1:])
        + "</tr>" for r in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: dict) -> str:
    """A page that opens anywhere offline: the chart as inline SVG, and every figure again in plain tables."""
    points, period = data["activation"]["points"], data["activation"]["period"]
    table = data["patterns_by_relationship"]
    columns = table["relationships"]
    pattern_rows = [[PATTERN_WORDS.get(p, p), *(row[c] for c in columns), sum(row.values())]
                    for p, row in table["counts"].items()]
    activation_rows = [[p["period"], p["entries"], "-" if p["before"] is None else p["before"],
                        "-" if p["after"] is None else p["after"], "-" if p["change"] is None else f"{p['change']:+.1f}"]
                       for p in points if p["entries"]]
    plans = data["plans"]
    plan_rows = [["plans made", plans["made"]], ["told how it went", plans["followed_up"]],
                 ["carried out", plans["carried_out"]],
                 *([f"carried out: {OUTCOME_WORDS[k]}", plans["outcomes"][k]] for k in CARRIED_OUT),
                 ["not yet", plans["outcomes"]["not_yet"]], ["not told yet", plans["not_followed_up"]]]
    first, last = (data["first"] or "")[:10], (data["last"] or "")[:10]
    style = ("body{font-family:sans-serif;max-width:760px;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;"
             "text-align:right}th[scope=row]{text-align:left}caption{text-align:left;font-weight:bold;"
             "padding:4px 0}")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        "<title>mend journal trends</title>", f"<style>{style}</style>", "</head>", "<body>",
        "<h1>mend journal trends</h1>",
        f"<p>{data['entries']} journal entries, {escape(first)} to {escape(last)} (UTC). Kept on this computer "
        "only.</p>",
        "<h2>Activation before and after slowing down</h2>", _svg_activation(points, period),
        _html_table(f"Average activation per {period} (0 calm, 10 overwhelmed)",
                    ["period", "entries", "before", "after", "change"], activation_rows),
        "<h2>Default responses, by who it was with</h2>",
        _html_table("Number of entries", ["response", *(RELATIONSHIP_COLUMNS.get(c, c) for c in columns), "total"],
                    pattern_rows) if pattern_rows else "<p>None noticed yet.</p>",
        "<h2>Planned repairs</h2>", _html_table("From what was told with mend followup", ["", "count"], plan_rows),
        "</body>", "</html>", "",
    ])
