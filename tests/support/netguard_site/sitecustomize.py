"""Network guard loaded at interpreter start (this folder goes first on PYTHONPATH of a mend subprocess).

mend is offline by design: apart from `mend model download`, nothing it does may open an internet connection or
even resolve a host name. Every attempt is appended to the file named by MEND_NETGUARD_LOG (so a caller that
swallows the exception is still caught) and then refused with an OSError. Local AF_UNIX sockets (PulseAudio,
SQLite has none) are allowed.
"""

import os
import socket
import sys
import traceback

_LOG = os.environ.get("MEND_NETGUARD_LOG")
_INET = (socket.AF_INET, socket.AF_INET6)


def _record(what: str) -> None:
    stack = "".join(traceback.format_stack(limit=12)[:-2])
    try:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"pid {os.getpid()} {' '.join(sys.argv)}: {what}\n{stack}\n")
    except OSError:
        pass


def _refuse(what: str):
    _record(what)
    raise ConnectionRefusedError(111, f"network use refused by the test guard: {what}")


def _install() -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if self.family in _INET:
            _refuse(f"connect {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in _INET:
            _refuse(f"connect_ex {address!r}")
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        _refuse(f"create_connection {address!r}")

    def getaddrinfo(host, port, *args, **kwargs):
        _refuse(f"getaddrinfo {host!r} {port!r}")

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo


if _LOG:
    _install()
