"""The first-run notice: said once, before the first session, by whichever mode runs it (text or voice)."""

NOTICE = (
    "mend is a reflection aid, not therapy and not emergency help. "
    "If you might harm yourself or someone else, or you are not safe, call or text 988 (US) or call 911 now."
)
