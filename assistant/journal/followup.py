"""Following up a planned repair: which plan to ask about, how to say it, and how to read the outcome told.

A plan's "when" is the person's own words ("tomorrow evening", "on Saturday", "in a few days"), so `due_at` reads
the common shapes and gives the end of the day they name, judged by the local calendar (a plan for "tonight"
made at 11 pm is for that evening, whatever the date is in UTC); anything it cannot read counts as due a day after the
session. The plan asked about is the latest one that is due and not yet told about (or last told "not yet"),
else the latest such plan, else the latest plan of all, so an outcome can be told again when it changes. The
replies to each outcome are lines of `assistant/lines.toml` (`[followup]`), said by `mend followup` and spoken
when a session starts with the follow-up offer (assistant/session/opening.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from mend.assistant.journal.entry import JournalEntry
from mend.assistant.journal.render import OUTCOME_WORDS

RELATIONSHIP_WORDS = {
    "partner": "your partner", "friend": "your friend", "family": "someone in your family",
    "colleague": "your colleague", "self": "yourself",
}
GESTURE_WORDS = {"conversation": "have a conversation", "small_act": "offer a small act of care"}

# The outcomes in the order they are offered, each with the words a typed answer may use.
OUTCOMES: dict[str, tuple[str, ...]] = {
    "went_well": ("went well", "well", "good", "great", "fine", "it went well"),
    "partly": ("partly", "partially", "part", "sort of", "kind of", "a bit", "some of it", "mixed"),
    "not_yet": ("not yet", "haven't", "have not", "didn't", "did not", "not done", "later", "yet"),
    "not_ready": ("they weren't ready", "weren't ready", "were not ready", "not ready", "needed space", "space"),
    "went_badly": ("went badly", "didn't go well", "did not go well", "badly", "bad", "worse", "terrible", "awful", "not well", "poorly"),
}

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "couple of": 2, "a couple of": 2, "few": 3, "a few": 3}
_IN_N = re.compile(r"\bin (\d+|an?|one|two|three|four|five|six|seven|(?:a )?couple of|(?:a )?few) (day|week)s?\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SAME_DAY = ("today", "tonight", "this evening", "this afternoon", "this morning", "later", "now", "right away",
             "straight away", "after dinner", "after work")


def local_date(moment: datetime, zone: tzinfo | None = None) -> date:
    """The calendar day `moment` falls on where the person is (the system's time zone unless `zone` is given)."""
    return moment.astimezone(zone).date()


def due_at(when: str | None, created_at: datetime, zone: tzinfo | None = None) -> datetime:
    """When a plan made at `created_at` for `when` (their words) has had its chance: the end of the day named, in
    the local time zone (or `zone`)."""
    day = local_date(created_at, zone)

    def _end_of(named: date) -> datetime:
        midnight = datetime.combine(named + timedelta(days=1), time())
        return midnight.replace(tzinfo=zone) if zone is not None else midnight.astimezone()
    text = " ".join((when or "").lower().replace("’", "'").split())
    if match := _ISO_DATE.search(text):
        try:
            return _end_of(date(*map(int, match.groups())))
        except ValueError:
            pass
    if match := _IN_N.search(text):
        count = int(match[1]) if match[1].isdigit() else _NUMBERS.get(match[1], 1)
        return _end_of(day + timedelta(days=count * (7 if match[2] == "week" else 1)))
    if "day after tomorrow" in text:
        return _end_of(day + timedelta(days=2))
    if "tomorrow" in text:
        return _end_of(day + timedelta(days=1))
    if "next week" in text:
        return _end_of(day + timedelta(days=13 - day.weekday()))
    if "weekend" in text:
        return _end_of(day + timedelta(days=(6 - day.weekday()) or 7))
    for number, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            return _end_of(day + timedelta(days=(number - day.weekday()) % 7 or 7))
    if "next month" in text or "in a month" in text:
        return _end_of(day + timedelta(days=31))
    if any(word in text for word in _SAME_DAY):
        return _end_of(day)
    return _end_of(day + timedelta(days=1))


def _open(entry: JournalEntry) -> bool:
    return entry.followup is None or entry.followup.outcome == "not_yet"


def pick_plan(entries: list[JournalEntry], now: datetime | None = None) -> JournalEntry | None:
    """The entry to follow up: the latest open plan that is due, else the latest open plan, else the latest plan."""
    now = now or datetime.now(timezone.utc)
    plans = sorted((e for e in entries if e.has_plan()), key=lambda e: (e.created_at, e.id or 0))
    open_plans = [e for e in plans if _open(e)]
    due = [e for e in open_plans if due_at(e.when, e.created_at) <= now]
    for group in (due, open_plans, plans):
        if group:
            return group[-1]
    return None


def _quoted(text: str) -> str:
    """The opening line in quotes, ending in its own punctuation (a full stop is added when it has none)."""
    words = " ".join(text.split()).strip("\"'\u201c\u201d ")
    return "\u201c" + words + ("" if words[-1:] in ".!?" else ".") + "\u201d"


def _action(entry: JournalEntry, when: bool = True) -> str:
    """"have a conversation with your partner, tomorrow evening": the plan, with their "when" as they said it."""
    gesture = entry.gesture or ""
    action = GESTURE_WORDS.get(gesture, gesture.replace("_", " ") or "reach out")
    who = RELATIONSHIP_WORDS.get(entry.relationship or "", entry.relationship or "")
    if who and who != "yourself":
        action += f" with {who}"
    if when and entry.when:
        action += f", {' '.join(entry.when.split())}"
    return action


def spoken_plan(entry: JournalEntry, most_words: int = 18) -> str:
    """The plan to say aloud after "you planned to": with its opening line when that fits in `most_words`, else
    without it, else without the "when" too."""
    opening = " ".join((entry.opening_line or "").split()).strip("\"'\u201c\u201d .!?")
    forms = [_action(entry) + f", starting with \u201c{opening}\u201d"] if opening else []
    forms += [_action(entry), _action(entry, when=False)]
    return next((form for form in forms if len(form.split()) <= most_words), forms[-1])


def due_unfollowed(entries: list[JournalEntry], now: datetime | None = None) -> JournalEntry | None:
    """The plan to ask about as a session starts: of the plans never told about, the one `pick_plan` chooses,
    and only once it is due."""
    entry = pick_plan([e for e in entries if e.followup is None], now)
    if entry is None:
        return None
    return entry if due_at(entry.when, entry.created_at) <= (now or datetime.now(timezone.utc)) else None


def plan_sentence(entry: JournalEntry) -> str:
    """"Last time you planned to ... How did it go?", in words from the entry."""
    sentence = f"Last time ({day_words(entry.created_at)}) you planned to {_action(entry)}"
    if entry.opening_line:
        return f"{sentence}, starting with {_quoted(entry.opening_line)} How did it go?"
    return sentence.rstrip(".") + ". How did it go?"


def day_words(moment: datetime, today: date | None = None) -> str:
    """"30 November" (the local date), with the year when it is not this year."""
    moment = moment.astimezone()
    today = today or datetime.now().astimezone().date()
    return f"{moment.day} {moment:%B}" + (f" {moment.year}" if moment.year != today.year else "")


def choice_lines() -> list[str]:
    return [f"  {number}. {OUTCOME_WORDS[key]}" for number, key in enumerate(OUTCOMES, start=1)]


def parse_outcome(text: str) -> str | None:
    """An outcome from a typed answer: its number, its key, or words like "not yet" or "they weren't ready"."""
    answer = " ".join(text.lower().replace("’", "'").replace("_", " ").split()).strip(" .!")
    if not answer:
        return None
    keys = list(OUTCOMES)
    if answer.isdigit():
        return keys[int(answer) - 1] if 1 <= int(answer) <= len(keys) else None
    for key in keys:  # the longest, most specific phrasing first: "not ready" before "ready", "not well" before "well"
        if answer == key.replace("_", " ") or answer == OUTCOME_WORDS[key]:
            return key
    matches = [(len(word), key) for key, words in OUTCOMES.items() for word in words
               if re.search(rf"\b{re.escape(word)}\b", answer)]
    return max(matches)[1] if matches else None
