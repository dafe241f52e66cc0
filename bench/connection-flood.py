#!/usr/bin/env python3
"""Connection flood on one listener, from outside: CONNS TCP connections from 127.0.0.1 that send nothing, held open.
PASS when the gateway (PID) holds at most LIMIT + 10 more file descriptors than before (the listener's limit per client
address: the rest are closed as they are accepted) and a client from 127.0.0.2 is still served meanwhile (not closed
on accept). Prints one RESULT line, as the probes of ../shared/probes do.

    HOST=127.0.0.1 PORT=8443 CONNS=1000 LIMIT=200 PID=1234 python3 bench/connection-flood.py
"""
import os
import resource
import socket
import time

host = os.environ.get("HOST", "127.0.0.1")
port = int(os.environ["PORT"])
conns = int(os.environ.get("CONNS", "1000"))
limit = int(os.environ["LIMIT"])
pid = os.environ["PID"]
name = f"connection-flood - {host}:{port}"


def fds():
    return len(os.listdir(f"/proc/{pid}/fd"))


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, conns + 100)), hard))
before = fds()
held = []
for _ in range(conns):
    try:
        held.append(socket.create_connection((host, port), timeout=5))
    except OSError:
        break
# The gateway closes what is over the limit as it accepts it: give it a moment to see every connection.
time.sleep(2)
during = fds()
served = False
try:
    other = socket.create_connection((host, port), timeout=5, source_address=("127.0.0.2", 0))
    other.settimeout(1.5)
    try:
        # A greeting (SMTP, IMAP) or nothing while the server waits for the TLS hello: served. An end of stream: refused.
        served = other.recv(1) != b""
    except socket.timeout:
        served = True
    other.close()
except OSError:
    served = False
for s in held:
    s.close()

grown = during - before
if grown <= limit + 10 and served:
    print(f"RESULT: PASS {name}: {len(held)} connections opened from one address, the gateway holds {grown} more file "
          f"descriptors (limit {limit} per address), another address served")
else:
    print(f"RESULT: FAIL {name}: {len(held)} connections opened from one address, the gateway holds {grown} more file "
          f"descriptors (limit {limit} per address), another address {'served' if served else 'refused'}")
