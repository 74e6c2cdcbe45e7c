"""Asking whether to keep a note of the reflection, and keeping it in one piece.

Nothing is written before the person says yes (or their settings say always); once they have, the entry is saved
in a single transaction, and a failure is told plainly so they can keep the summary another way.
"""

from __future__ import annotations

from mend.assistant.errors import MendError
from mend.assistant.lines import say as line
from mend.assistant.session.conversation import Conversation
from mend.assistant.session.outcome import SessionOutcome
from mend.assistant.understanding.receiving import usable_own_part


def offer_to_keep(session: Conversation, outcome: SessionOutcome) -> None:
    policy = session.save_policy
    if policy == "never" or session.journal_opener is None or not outcome.steps_visited:
        return
    if policy == "ask":
        answer = session.ask_yes_no(line("note.offer_protected" if _protected(session) else "note.offer"), offer=True)
        if not answer:
            session.say(line("note.nothing_kept"))
            return
    keep_transcript = session.settings.journal.keep_transcripts
    if keep_transcript:
        outcome.transcript = list(session.transcript)
    try:
        with session.journal_opener() as journal:
            outcome.journal_entry_id = journal.add(entry_from_outcome(outcome, session.runner.slots))
            outcome.kept_in_journal = True  # at once: an interrupt while closing must not hide a saved note
    except MendError as exc:
        outcome.journal_error = exc.message
        session.say(line("note.not_kept", reason=exc.message))
        session.say(line("note.not_lost"))
        return
    session.say(line("note.kept"))


def _protected(session: Conversation) -> bool:
    """Whether the journal is protected by a passphrase: only then does mend say that only the person can read it.
    Not knowing counts as not protected."""
    try:
        return bool(session.journal_protected and session.journal_protected())
    except Exception:  # noqa: BLE001 - a question about wording must never stop the offer
        return False


def entry_from_outcome(outcome: SessionOutcome, slots: dict):
    from mend.assistant.journal.book import JournalEntry

    return JournalEntry(
        created_at=outcome.ended_at,
        flow=outcome.flow,
        ended=outcome.ended,
        relationship=outcome.relationship,
        patterns=outcome.patterns,
        activation_before=outcome.activation_value("before"),
        activation_after=outcome.activation_value("after"),
        gesture=outcome.plan.gesture,
        opening_line=outcome.plan.opening_line,
        when=outcome.plan.when,
        their_first_words=outcome.plan.their_first_words,
        listening_reply=outcome.plan.listening_reply,
        summary=summary_text(outcome, slots),
        safety_flag=outcome.safety_flag,
        transcript=[line.model_dump() for line in outcome.transcript] if outcome.transcript else None,
    )


def summary_text(outcome: SessionOutcome, slots: dict) -> str:
    """A few readable lines: what happened, what was noticed, the plan."""
    parts = []
    if slots.get("what_happened"):
        parts.append(f"What happened: {slots['what_happened']}")
    if outcome.patterns:
        parts.append("Noticed: " + ", ".join(p.replace("_", " ") for p in outcome.patterns))
    before, after = outcome.activation_value("before"), outcome.activation_value("after")
    if before is not None or after is not None:
        parts.append(f"Activation: {before if before is not None else '?'} -> {after if after is not None else '?'}")
    if outcome.care_route == "not_safe":
        parts.append("You put your own safety first; there is no plan toward them.")
    elif outcome.care_route == "no_contact":
        parts.append("You chose to respect their wish for space: repair without contact.")
    sentences = (("How it may have landed: {}", "impact"), ("The part you owned: {}", "own_part"),
                 ("What you wondered about their side: {}", "curiosity"), ("What you felt: {}", "hurt_felt"),
                 ("What you need: {}", "hurt_need"))
    for sentence, key in sentences if outcome.care_route != "not_safe" else ():
        if isinstance(slots.get(key), str) and usable_own_part(slots[key]):
            parts.append(sentence.format(slots[key]))
    plan = outcome.plan
    if plan.gesture or plan.opening_line or plan.when:
        parts.append(
            "Plan: " + "; ".join(x for x in (plan.gesture, f'"{plan.opening_line}"' if plan.opening_line else None, plan.when) if x)
        )
    if plan.listening_reply:
        heard = f'If they say "{plan.their_first_words}", a' if plan.their_first_words else "A"
        parts.append(f'{heard} reply that listens: "{plan.listening_reply}"')
    return "\n".join(parts) or "A reflection with mend."
