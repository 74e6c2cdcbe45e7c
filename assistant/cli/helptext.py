"""What `mend COMMAND --help` shows besides the options: a description and worked examples for every command.

The examples live in one table, keyed by the command's words, so they can be read (and checked by
tests/test_meta.py) side by side. `add_examples` walks the finished parser and gives each command its epilog; a
command without a description of its own is described by its help line.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Iterator

WIDTH = 79

EXAMPLES: dict[tuple[str, ...], list[str]] = {
    (): ["mend", "mend session --text", "mend journal list"],
    ("session",): ["mend session", "mend session --text --flow calm", "mend session --no-save --rate 140"],
    ("resume",): ["mend resume", "mend resume --latest", "mend resume --list"],
    ("flows",): ["mend flows list", "mend flows show repair"],
    ("flows", "list"): ["mend flows list"],
    ("flows", "show"): ["mend flows show calm", "mend flows show my-flow.toml"],
    ("flows", "check"): ["mend flows check my-flow.toml"],
    ("devices",): ["mend devices", "mend devices --test", "mend devices --test --input-device USB --seconds 5"],
    ("doctor",): ["mend doctor", "mend doctor --json", "mend doctor --mic"],
    ("config",): ["mend config show", "mend config init"],
    ("config", "path"): ["mend config path"],
    ("config", "show"): ["mend config show"],
    ("config", "init"): ["mend config init", "mend config init --force"],
    ("help",): ["mend help crisis"],
    ("help", "crisis"): ["mend help crisis"],
    ("journal",): ["mend journal list", "mend journal show 3"],
    ("journal", "list"): ["mend journal list"],
    ("journal", "show"): ["mend journal show 3"],
    ("journal", "export"): ["mend journal export --output journal.md", "mend journal export 3 --format json -o -",
                            "mend journal export --format csv -o notes.csv"],
    ("journal", "trends"): ["mend journal trends", "mend journal trends --plain --by week",
                            "mend journal trends --html trends.html"],
    ("journal", "delete"): ["mend journal delete 3", "mend journal delete 3 --yes"],
    ("journal", "forget"): ["mend journal forget --all"],
    ("journal", "protect"): ["mend journal protect", "MEND_NEW_PASSPHRASE=... mend journal protect"],
    ("followup",): ["mend followup", "mend followup --entry 3 --outcome went_well"],
    ("model",): ["mend model", "mend model download"],
    ("model", "status"): ["mend model status", "mend model status --model ~/models/vosk-model-small-en-us-0.15"],
    ("model", "download"): ["mend model download", "mend model download vosk-model-small-en-us-0.15 --replace"],
    ("model", "install"): ["mend model install vosk-model-small-en-us-0.15.zip", "mend model install ~/Downloads/model"],
    ("model", "verify"): ["mend model verify"],
    ("model", "remove"): ["mend model remove", "mend model remove vosk-model-small-en-us-0.15 --yes"],
    ("completion",): ["mend completion bash > ~/.local/share/bash-completion/completions/mend",
                      "mend completion zsh > ~/.zfunc/_mend", "mend completion fish > ~/.config/fish/completions/mend.fish"],
}


def subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
                ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, str]]:
    """Every command below `parser`, depth first: its words, its parser and its help line."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield (*prefix, name), sub, helps.get(name, "")
                yield from subcommands(sub, (*prefix, name))


def _epilog(lines: list[str]) -> str:
    return ("Example:\n" if len(lines) == 1 else "Examples:\n") + "\n".join(f"  {line}" for line in lines)


def _fill(text: str) -> str:
    return "\n\n".join(textwrap.fill(part, WIDTH) for part in text.split("\n\n"))


def _describe(parser: argparse.ArgumentParser, words: tuple[str, ...], help_line: str) -> None:
    description = parser.description or (help_line[:1].upper() + help_line[1:] + "." if help_line else "")
    parser.description = _fill(description)
    if words in EXAMPLES:
        parser.epilog = _epilog(EXAMPLES[words])
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def add_examples(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give `parser` and every command below it a wrapped description and its examples."""
    _describe(parser, (), "")
    for words, sub, help_line in subcommands(parser):
        _describe(sub, words, help_line)
    return parser
