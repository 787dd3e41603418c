"""Drives the unmodified seed client (shared/seed/clawbot_seed.py) against the simulator, one workload per process.

Usage: python3 seed_harness.py job.json   (the job file the E2E orchestrator writes; same fields as bench/Shared/Job.cs)
Prints one line: RESULT {json}, with the same fields as the ClawBot workers.
"""
import time

T0 = time.perf_counter()  # before the seed and its dependencies (httpx, cryptography) are imported

import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402


def _status(field):
    with open("/proc/self/status") as f:
        m = re.search(r"^%s:\s+(\d+) kB" % field, f.read(), re.M)
    return int(m.group(1)) * 1024


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def main():
    with open(sys.argv[1]) as f:
        job = json.load(f)
    sys.path.insert(0, job["seedDir"])
    import clawbot_seed as seed

    # The seed hard-codes Tencent's CDN; point it at the simulator's (no trailing slash, as the seed joins with "/").
    seed.CDN_BASE = job["cdnBaseUrl"].rstrip("/")
    base_url = job["baseUrl"].rstrip("/")
    client = seed.ILinkClient(job["botToken"], base_url)
    workload = job["workload"]
    result = {"count": 0, "seconds": 0.0}

    if workload == "coldstart":
        # "Connect": credentials from a stored file, then one authenticated call, made the seed's way (a fresh
        # httpx.Client with the seed's headers and base_info). The seed has no notify call of its own.
        import httpx
        with open(os.path.join(job["profileHome"], job["profileName"] + ".json")) as f:
            stored = json.load(f)
        client = seed.ILinkClient(stored["botToken"], stored["baseUrl"].rstrip("/"))
        with httpx.Client(timeout=10.0) as c:
            r = c.post(f"{client.base_url}/ilink/bot/msg/notifystart",
                       json={"base_info": seed._base_info()}, headers=seed._headers(client.bot_token))
            r.raise_for_status()
        ms = (time.perf_counter() - T0) * 1000
        result.update(count=1, seconds=ms / 1000, importConnectMs=ms)

    elif workload == "receive":
        cursor, n = "", 0
        cpu = time.process_time()
        t = time.perf_counter()
        while n < job["count"]:
            msgs, cursor = client.get_updates(cursor)
            n += len(msgs)
        s = time.perf_counter() - t
        result.update(count=n, seconds=s, rate=n / s, cpuMs=(time.process_time() - cpu) * 1000)

    elif workload == "send":
        cpu = time.process_time()
        t = time.perf_counter()
        for i in range(job["count"]):
            client.send_text(job["userId"], job["contextToken"], f"bench {i}")
        s = time.perf_counter() - t
        result.update(count=job["count"], seconds=s, rate=job["count"] / s, cpuMs=(time.process_time() - cpu) * 1000)

    elif workload == "upload":
        client.send_file(job["userId"], job["contextToken"], job["warmupFilePath"])
        _reset_peak()
        baseline = _status("VmRSS")
        t = time.perf_counter()
        client.send_file(job["userId"], job["contextToken"], job["filePath"])
        s = time.perf_counter() - t
        result.update(count=1, seconds=s, peakExtraBytes=_status("VmHWM") - baseline, baselineRssBytes=baseline)

    else:
        raise SystemExit("unknown workload " + workload)

    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
