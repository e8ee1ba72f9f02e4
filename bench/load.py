"""Load for the serving benchmarks: gunicorn as a subprocess, wrk (or Python threads) against
it, and what the workers spent, read from /proc. Everything stays on 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKERS = 2
CONNECTIONS = 4


@contextmanager
def gunicorn(app_spec: str, env: dict, log):
    """gunicorn with WORKERS sync workers serving app_spec (which must answer GET /ready);
    yields (base URL, the master process)."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
        *("--chdir", str(ROOT), "--pythonpath", str(HERE), "--log-level", "warning"),
        app_spec,
    ]
    server = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            if request("GET", base + "/ready")[0] < 500:
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("gunicorn did not start serving within a minute")


def workers_of(server: subprocess.Popen) -> list[int]:
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pids: list[int]) -> float | None:
    """The largest peak resident memory (VmHWM) of one of the processes."""
    peaks = []
    for pid in pids:
        try:
            found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        except OSError:
            continue
        if found:
            peaks.append(int(found[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def request(method: str, url: str, body: str | None = None, headers: dict | None = None):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(server, base: str, requests: list[dict], headers: dict, seconds: int) -> dict:
    """Send `requests` in turn (dicts of method, path and body) for `seconds`, after a
    second of warming up; with what the server's workers spent on them."""
    _load(base, requests, headers, 1)  # templates compiled, pools filled
    pids = workers_of(server)
    before = cpu_seconds(pids)
    result = _load(base, requests, headers, seconds)
    result["cpu_ms_per_request"] = 1000 * (cpu_seconds(pids) - before) / max(1, result["requests"])
    result["requests_per_s"] = result["requests"] / result["seconds"]
    result["peak_rss_mb"] = peak_rss_mb(pids)
    return result


def _load(base: str, requests: list[dict], headers: dict, seconds: int) -> dict:
    if shutil.which("wrk"):
        return _wrk(base, requests, headers, seconds)
    return _threads(base, requests, headers, seconds)


def _lua(text: str) -> str:
    return f"[==[{text}]==]"  # a Lua long string: nothing inside needs escaping


def _wrk_script(requests: list[dict], headers: dict) -> str:
    header_table = ", ".join(f"[ {_lua(k)} ] = {_lua(v)}" for k, v in headers.items())
    built = [
        f"  table.insert(built, wrk.format({_lua(r['method'])}, {_lua(r['path'])}, "
        f"{{{header_table}}}, {_lua(r['body']) if r.get('body') else 'nil'}))"
        for r in requests
    ]
    return "\n".join(
        [
            "local built = {}",
            "local count = 0",
            "function init(args)",
            *built,
            "end",
            "function request()",
            "  count = count + 1",
            "  return built[(count - 1) % #built + 1]",
            "end",
            "function done(summary, latency, _)",
            "  local e = summary.errors",
            "  io.write(string.format('WRK %d %d %f %d %d\\n', summary.requests,",
            "    e.connect + e.read + e.write + e.status + e.timeout, summary.duration / 1e6,",
            "    latency:percentile(50), latency:percentile(95)))",
            "end",
        ]
    )


def _wrk(base: str, requests: list[dict], headers: dict, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_wrk_script(requests, headers))
        script.flush()
        command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
        output = subprocess.run(
            [*command, "-s", script.name, base], capture_output=True, text=True, check=True
        ).stdout
    found = re.search(r"^WRK (\d+) (\d+) ([\d.]+) (\d+) (\d+)$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    count, errors, elapsed, p50_us, p95_us = found.groups()
    return {
        "requests": int(count),
        "errors": int(errors),
        "seconds": float(elapsed),
        "median_ms": int(p50_us) / 1000,
        "p95_ms": int(p95_us) / 1000,
        "tool": "wrk",
    }


def _threads(base: str, requests: list[dict], headers: dict, seconds: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    sent = 0
    stop = time.perf_counter() + seconds

    def run() -> None:
        nonlocal errors, sent
        while time.perf_counter() < stop:
            with lock:
                r = requests[sent % len(requests)]
                sent += 1
            started = time.perf_counter()
            try:
                status = request(r["method"], base + r["path"], r.get("body"), headers)[0]
            except OSError:
                status = 599
            with lock:
                latencies.append(time.perf_counter() - started)
                errors += status >= 400

    started = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": time.perf_counter() - started,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "tool": "python threads",
    }
