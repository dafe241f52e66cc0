#!/usr/bin/env python3
"""TLS handshake churn on one implicit-TLS listener, from outside: for SECS seconds, one client address (SOURCE) opens a
connection, completes a TLS handshake and closes, as fast as it can. Each handshake costs the server a signature, and
such a client never holds more than one connection, so the limit of connections per address does not stop it; the
limit of new connections per address and minute (connectionRatePerIP, RATE) does. PASS when at most RATE + what
accrues in SECS (RATE / 60 a second) + 5 % of handshakes succeeded and a client from another address (OTHER) completes
a handshake meanwhile. Also prints the gateway's CPU time (PID) over the run. One RESULT line, as ../shared/probes.

    HOST=127.0.0.1 PORT=10993 RATE=1200 SECS=10 SOURCE=127.0.0.5 OTHER=127.0.0.6 PID=1234 python3 bench/handshake-churn.py
"""
import os
import socket
import ssl
import time

host = os.environ.get("HOST", "127.0.0.1")
port = int(os.environ["PORT"])
rate = int(os.environ["RATE"])
secs = float(os.environ.get("SECS", "10"))
source = os.environ.get("SOURCE", "127.0.0.5")
other = os.environ.get("OTHER", "127.0.0.6")
pid = os.environ["PID"]
name = f"handshake-churn - {host}:{port}"

context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE


def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def handshake(address):
    try:
        with socket.create_connection((host, port), timeout=5, source_address=(address, 0)) as raw:
            with context.wrap_socket(raw, server_hostname="gateway"):
                return True
    except (OSError, ssl.SSLError):
        return False


cpu_before = cpu_seconds()
start = time.monotonic()
done = refused = 0
other_served = None
while time.monotonic() - start < secs:
    if handshake(source):
        done += 1
    else:
        refused += 1
    if other_served is None and refused > 0:
        # Once this address is refused, another one is still served.
        other_served = handshake(other)
elapsed = time.monotonic() - start
cpu = cpu_seconds() - cpu_before
allowed = int((rate + rate * elapsed / 60) * 1.05)
summary = (f"{done} handshakes done and {refused} refused from one address in {elapsed:.0f} s (rate {rate}/min: at "
           f"most {allowed}), gateway CPU {cpu:.1f} s, another address {'not tried' if other_served is None else 'served' if other_served else 'refused'}")
if done <= allowed and refused > 0 and other_served:
    print(f"RESULT: PASS {name}: {summary}")
else:
    print(f"RESULT: FAIL {name}: {summary}")
