"""Network guard loaded at interpreter start (this folder goes first on PYTHONPATH of a mend subprocess).

mend is offline by design: apart from `mend model download`, nothing it does may open an internet connection or
even resolve a host name. Every attempt (connect, connect_ex, UDP sendto, create_connection, name lookups) is
appended to the file named by MEND_NETGUARD_LOG, so a caller that swallows the exception is still caught, and then
refused with an OSError. Local AF_UNIX sockets (PulseAudio) are allowed. Calls made from C libraries without
Python's socket module are outside its sight.
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

    real_sendto = socket.socket.sendto

    def sendto(self, data, *args):
        if self.family in _INET:  # connectionless UDP (a hand-made DNS query) never calls connect
            _refuse(f"sendto {args[-1]!r}")
        return real_sendto(self, data, *args)

    def create_connection(address, *args, **kwargs):
        _refuse(f"create_connection {address!r}")

    def getaddrinfo(host, port, *args, **kwargs):
        _refuse(f"getaddrinfo {host!r} {port!r}")

    def gethostbyname(host, *args):
        _refuse(f"gethostbyname {host!r}")

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = socket.gethostbyname_ex = gethostbyname


if _LOG:
    _install()
