#!/usr/bin/env python3
"""Soak of `nianbao serve` (issue 25): C concurrent clients upload mixed files for S seconds while the server's RSS is
sampled; every request must get its answer (200; a file that is not a report, or is over the cell cap, gets its own
error entry), and RSS must stay under the bound.

Each client takes, in turn: one township file (CSV, GB18030 CSV, text, XLSX or a non-report, from
Tests/browser/make_county.py), a batch of 20 to /api/view, a rollup of 40 (?format=page), and a 59 MB CSV export
(refused by the cell cap). Usage:
  serve-soak.py [--binary .build/release/nianbao] [--clients 8] [--seconds 600] [--max-rss-mb 1000]
Prints requests per kind, failures, peak RSS; exits 1 if a response was lost or RSS passed the bound.
"""
import argparse, http.client, os, random, shutil, subprocess, sys, tempfile, threading, time, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def multipart(files, fields=()):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for path in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{os.path.basename(path)}"\r\n'
                'Content-Type: application/octet-stream\r\n\r\n').encode()
        parts.append(head + open(path, "rb").read() + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/nianbao"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--max-rss-mb", type=float, default=1000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="nianbao-soak-")
    subprocess.run([sys.executable, os.path.join(ROOT, "Tests/browser/make_county.py"), "100", work], check=True, stdout=subprocess.DEVNULL)
    townships = sorted(os.path.join(work, n) for n in os.listdir(work) if not n.endswith(".json"))
    big = os.path.join(work, "big.csv")
    with open(big, "w") as f:
        row = ",".join(str(n) for n in range(10000, 10010)) + "\n"
        f.write(row * (59_000_000 // len(row)))
    kinds = {
        "one": lambda rng: ("/api/check", multipart([rng.choice(townships)]), {200}),
        "batch": lambda rng: ("/api/view", multipart(rng.sample(townships, 20)), {200}),
        "rollup": lambda rng: ("/api/rollup?format=page", multipart(rng.sample(townships, 40), [("agency", "测试县"), ("year", "2023")]), {200}),
        "big": lambda rng: ("/api/check", multipart([big]), {200}),
    }
    bodies = {}
    rng0 = random.Random(7)
    for kind, make in kinds.items():
        bodies[kind] = [make(random.Random(rng0.random())) for _ in range(1 if kind == "big" else 6)]
    server = subprocess.Popen([args.binary, "serve", "--port", "0", "--max-upload-mb", "100"], stdout=subprocess.PIPE, text=True)
    counts, failures, lock, peak = {}, [], threading.Lock(), [0.0]
    try:
        url = server.stdout.readline().strip()
        port = int(url.rsplit(":", 1)[1].strip("/"))
        deadline = time.monotonic() + args.seconds
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(server.pid))
                time.sleep(0.2)

        def client(index):
            rng = random.Random(index)
            order = ["one"] * 12 + ["batch"] * 3 + ["rollup", "big"]
            turn = index
            while time.monotonic() < deadline:
                kind = order[turn % len(order)]
                turn += 1
                path, (body, content_type), expected = rng.choice(bodies[kind])
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                    connection.request("POST", path, body=body, headers={"Content-Type": content_type})
                    response = connection.getresponse()
                    data = response.read()
                    connection.close()
                    ok = response.status in expected and (kind != "big" or "内容过大".encode() in data)
                except Exception as error:  # a lost response
                    ok, response = False, None
                    data = str(error).encode()
                with lock:
                    counts[kind] = counts.get(kind, 0) + 1
                    if not ok:
                        failures.append((kind, response.status if response else None, data[:200]))

        sampler = threading.Thread(target=sample)
        sampler.start()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        sampler.join()
        print(f"{args.clients} clients, {time.monotonic() - started:.0f} s: requests {counts}, failures {len(failures)}, peak RSS {peak[0]:.0f} MB")
        for failure in failures[:10]:
            print("  failed:", failure)
        status = 0 if not failures and peak[0] < args.max_rss_mb else 1
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
