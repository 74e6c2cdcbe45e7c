"""Smaller commands: `mend flows`, `mend devices`, `mend doctor`, `mend config`, `mend help crisis`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def add_misc_parsers(sub) -> None:
    flows = sub.add_parser("flows", help="list, show or check reflection flows", description="Work with flows.")
    fsub = flows.add_subparsers(dest="flows_command", metavar="SUBCOMMAND", required=True)
    p = fsub.add_parser("list", help="list the built-in flows", description="List the built-in flows.")
    p.set_defaults(handler=_flows_list)
    p = fsub.add_parser("show", help="show the steps of a flow", description="Show the steps of a flow.")
    p.add_argument("name", help="built-in flow name or a flow TOML file")
    p.set_defaults(handler=_flows_show)
    p = fsub.add_parser("check", help="validate a flow file", description="Validate a flow TOML file.")
    p.add_argument("file", type=Path, help="the flow TOML file to check")
    p.set_defaults(handler=_flows_check)

    p = sub.add_parser("devices", help="list audio input and output devices, or test the microphone (--test)",
                       description="List audio devices. With --test, record a few seconds from the microphone, show "
                       "its level and, when a speech model is installed, what was heard.")
    p.add_argument("--test", action="store_true", help="say something: check the microphone's level (and speech)")
    p.add_argument("--input-device", help="microphone to test: index or part of its name (default: the system's)")
    p.add_argument("--seconds", type=float, default=3.0, metavar="N", help="how long to record (default 3)")
    p.add_argument("--model", help="Vosk model directory to transcribe with (default: as for a session)")
    p.set_defaults(handler=_devices)

    p = sub.add_parser(
        "doctor", help="check audio, model, speech and journal set-up",
        description="Check each part mend needs, with a pass/fail line and the fix.",
    )
    p.add_argument("--model", help="Vosk model directory to check")
    p.add_argument("--json", action="store_true", help="print versions and checks as JSON")
    p.add_argument("--mic", action="store_true",
                   help="then say something: check the microphone's level and what was heard (as devices --test)")
    p.add_argument("--seconds", type=float, default=3.0, metavar="N", help="how long --mic records (default 3)")
    p.set_defaults(handler=_doctor)

    config = sub.add_parser("config", help="show settings or where the config file is", description="Settings.")
    csub = config.add_subparsers(dest="config_command", metavar="SUBCOMMAND", required=True)
    p = csub.add_parser("path", help="print the config file's path", description="Print the config file's path.")
    p.set_defaults(handler=_config_path)
    p = csub.add_parser("show", help="print the settings in effect", description="Print the settings in effect.")
    p.set_defaults(handler=_config_show)
    p = csub.add_parser("init", help="write a commented starter config file",
                        description="Write a config.toml listing every setting, commented out, with its default.")
    p.add_argument("--force", action="store_true", help="replace an existing config file")
    p.set_defaults(handler=_config_init)

    helps = sub.add_parser("help", help="where to find help now (crisis lines)",
                           description="Print where to find help at any time, for example: mend help crisis")
    p = helps.add_subparsers(dest="help_topic", metavar="TOPIC", required=True).add_parser(
        "crisis", help="print the crisis lines mend offers", description="Print the crisis lines mend offers.")
    p.set_defaults(handler=_help_crisis)


def _help_crisis(args) -> int:
    from mend.assistant.safety.resources import crisis_text, resources_for_crisis

    resources = resources_for_crisis()
    if resources.notice:
        print(resources.notice)
    for line in crisis_text(resources):
        print(line)
    return 0


def _flows_list(args) -> int:
    from mend.flows import builtin_flow, builtin_flow_names

    for name in builtin_flow_names():
        flow = builtin_flow(name)
        low, high = flow.minutes
        print(f"{name:10} {flow.title} ({low}-{high} min)")
        print(f"{'':10} {flow.description}")
    return 0


def _flows_show(args) -> int:
    from mend.assistant.cli.session import load_flow_arg
    from mend.flows import describe_flow

    for line in describe_flow(load_flow_arg(args.name)):
        print(line)
    return 0


def _flows_check(args) -> int:
    from mend.assistant.cli.output import report_warning
    from mend.flows import load_flow, slot_warnings

    flow = load_flow(args.file)
    warnings = slot_warnings(flow)
    for warning in warnings:
        report_warning(warning)
    print(f"OK: {args.file} is a valid flow '{flow.name}' with {len(flow.steps)} steps"
          + (f", and {len(warnings)} warning(s)." if warnings else "."))
    return 0


def _devices(args) -> int:
    from mend.audio.devices import list_devices

    if args.test:
        from mend.assistant.cli.miccheck import run_mic_check

        if not 0.5 <= args.seconds <= 30:
            from mend.assistant.errors import ConfigError

            raise ConfigError(f"--seconds {args.seconds:g}: must be between 0.5 and 30",
                              hint="Three seconds is enough for a sentence: mend devices --test --seconds 3.")
        return run_mic_check(args.input_device, args.seconds, args.model)

    devices = list_devices()
    if not devices:
        print("No audio devices found.")
        return 0
    for device in devices:
        marks = []
        if device.is_default_input:
            marks.append("default input")
        if device.is_default_output:
            marks.append("default output")
        kinds = f"in {device.inputs}, out {device.outputs}"
        extra = f" [{', '.join(marks)}]" if marks else ""
        print(f"{device.index:3}  {device.name}  ({kinds}, {int(device.default_rate)} Hz){extra}")
    return 0


def _doctor(args) -> int:
    from mend.assistant.cli.doctor import run_doctor

    if args.mic and args.json:
        from mend.assistant.errors import ConfigError

        raise ConfigError("--mic listens and draws a level bar, so it does not mix with --json",
                          hint="Run `mend doctor --json` and `mend doctor --mic` separately.")
    code = run_doctor(model=args.model, as_json=args.json)
    if not args.mic:
        return code
    print()
    return max(code, _devices(argparse.Namespace(test=True, input_device=None, seconds=args.seconds,
                                                 model=args.model)))


def _config_path(args) -> int:
    from mend.assistant.config import config_path

    print(config_path())
    return 0


def _config_show(args) -> int:
    from mend.assistant.config import config_path, load_settings

    path = config_path()
    settings = load_settings(path)
    print(f"# settings read from {path}" if path.exists() else f"# no settings file at {path}: all defaults")
    print()
    for section, values in settings.model_dump().items():
        print(f"[{section}]")
        for key, value in values.items():
            # printed as TOML, so a line can be copied into the config file as it is
            print(f"# {key} is not set (default)" if value is None else f"{key} = {json.dumps(value)}")
        print()
    return 0


def _config_init(args) -> int:
    from mend.assistant.cli.output import write_private_text
    from mend.assistant.config import config_path, starter_text
    from mend.assistant.errors import ConfigError

    path = config_path()
    if path.exists() and not args.force:
        raise ConfigError(f"{path} already exists; not overwriting it",
                          hint="Edit it, or run `mend config init --force` to replace it with the starter file.")
    write_private_text(path, starter_text())
    print(f"wrote {path}")
    return 0
