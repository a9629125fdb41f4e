"""Shared by the OIP peer scripts (copied beside them): fail at once, the way the Java harness understands, when a
port found free was taken before the server could bind it."""
import socket
import sys


def fail_fast_if_taken(*ports):
    """Exits with errno 98's message when a port is taken, which the Java harness reads as "start again on another
    port"; the server itself may only log the failure and hang (PyTriton waits minutes for a tritonserver that died)."""
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as e:
                sys.exit("[Errno 98] address already in use: 127.0.0.1:%d (%s)" % (port, e))
