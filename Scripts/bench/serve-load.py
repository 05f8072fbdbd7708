#!/usr/bin/env python3
"""Load on `nianbao serve` over loopback only: N concurrent clients, each posting one township file to /api/check.

Usage: serve-load.py [--binary .build/release/nianbao] [--clients 20] [--seconds 20] FILE...
Starts its own server on a free loopback port, runs for a bounded time, prints requests/s and latency percentiles.
"""
import argparse
import http.client
import os
import statistics
import subprocess
import threading
import time
import uuid


def multipart(path):
    boundary = uuid.uuid4().hex
    name = os.path.basename(path)
    with open(path, "rb") as handle:
        data = handle.read()
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            'Content-Type: application/octet-stream\r\n\r\n').encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/nianbao")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    bodies = [multipart(path) for path in args.files]
    server = subprocess.Popen([args.binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        port = int(url.rsplit(":", 1)[1].strip("/"))
        latencies, failures, lock = [], [], threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client(index):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            turn = index
            while time.monotonic() < deadline:
                body, content_type = bodies[turn % len(bodies)]
                turn += 1
                start = time.monotonic()
                connection.request("POST", "/api/check", body=body, headers={"Content-Type": content_type})
                response = connection.getresponse()
                response.read()
                elapsed = time.monotonic() - start
                with lock:
                    (latencies if response.status == 200 else failures).append((elapsed, response.status))

        threads = [threading.Thread(target=client, args=(index,)) for index in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
        times = sorted(value for value, _ in latencies)
        def percentile(p):
            return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))] * 1000 if times else float("nan")
        print(f"clients {args.clients}, {len(times)} ok, {len(failures)} refused "
              f"({sorted(set(status for _, status in failures))}), {wall:.1f} s")
        print(f"requests/s {len(times) / wall:.1f}; latency ms p50 {percentile(50):.0f} p90 {percentile(90):.0f} "
              f"p99 {percentile(99):.0f} max {percentile(100):.0f}; mean {statistics.mean(times) * 1000 if times else 0:.0f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
