// Drives Tencent's official client (@tencent-weixin/openclaw-weixin, fetched by bench/run.sh into a cache folder
// outside git, never modified) against the simulator, one workload per process, through its own modules:
// api/api.js getUpdates (with storage/sync-buf.js, as monitor/monitor.js runs its loop), messaging/send.js
// sendMessageWeixin, cdn/upload.js uploadFileAttachmentToWeixin + sendFileMessageWeixin, api/api.js notifyStart.
//
// Usage: node official_harness.mjs job.json PACKAGE_DIR
// Prints one line: RESULT {json}, with the same fields as the other workers (bench/Shared/Job.cs).
// The host framework (the openclaw package, a peer dependency) is not installed: bench/run.sh provides the two
// functions these modules import from it (a temp dir and an account-id normaliser), nothing else.
const T0 = performance.now(); // before the client's modules are loaded (cold start)

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const pkg = process.argv[3];
// Its state (sync buffer, logs) goes under the run's own folder, as a fresh install's would under ~/.openclaw.
process.env.OPENCLAW_STATE_DIR = path.join(job.profileHome, "openclaw-state");
process.env.OPENCLAW_TMP_DIR = path.join(job.profileHome, "openclaw-tmp");

const load = (p) => import(pathToFileURL(path.join(pkg, "dist", "src", p)).href);

function status(field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync("/proc/self/status", "utf-8"));
  return Number(m[1]) * 1024;
}

const cpuMs = (start) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};

const baseUrl = job.baseUrl.replace(/\/$/, "");
const cdnBaseUrl = job.cdnBaseUrl.replace(/\/$/, "");
const opts = { baseUrl, token: job.botToken, contextToken: job.contextToken || undefined };
const result = { count: 0, seconds: 0 };

switch (job.workload) {
  case "coldstart": {
    // Load the client and make one authenticated call (notifystart, as its channel start does).
    const api = await load("api/api.js");
    await api.notifyStart({ baseUrl, token: job.botToken });
    const ms = performance.now() - T0;
    Object.assign(result, { count: 1, seconds: ms / 1000, importConnectMs: ms });
    break;
  }
  case "receive": {
    // monitor.ts's loop up to the host's dispatch: getUpdates, persist a new cursor (sync-buf), take the messages.
    const api = await load("api/api.js");
    const sync = await load("storage/sync-buf.js");
    const syncFile = sync.getSyncBufFilePath(job.botId.replace(/[@.]/g, "-"));
    let buf = sync.loadGetUpdatesBuf(syncFile) ?? "";
    let n = 0;
    const cpu = process.cpuUsage();
    const t = performance.now();
    while (n < job.count) {
      const resp = await api.getUpdates({ baseUrl, token: job.botToken, get_updates_buf: buf, timeoutMs: 35_000 });
      if ((resp.ret !== undefined && resp.ret !== 0) || (resp.errcode !== undefined && resp.errcode !== 0))
        throw new Error(`getUpdates failed: ret=${resp.ret} errcode=${resp.errcode}`);
      if (resp.get_updates_buf != null && resp.get_updates_buf !== "") {
        sync.saveGetUpdatesBuf(syncFile, resp.get_updates_buf);
        buf = resp.get_updates_buf;
      }
      for (const m of resp.msgs ?? []) if (m.message_id !== undefined) n++;
    }
    const s = (performance.now() - t) / 1000;
    Object.assign(result, { count: n, seconds: s, rate: n / s, cpuMs: cpuMs(cpu) });
    break;
  }
  case "send": {
    const send = await load("messaging/send.js");
    const cpu = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < job.count; i++) await send.sendMessageWeixin({ to: job.userId, text: `bench ${i}`, opts });
    const s = (performance.now() - t) / 1000;
    Object.assign(result, { count: job.count, seconds: s, rate: job.count / s, cpuMs: cpuMs(cpu) });
    break;
  }
  case "upload": {
    const upload = await load("cdn/upload.js");
    const send = await load("messaging/send.js");
    const sendFile = async (filePath) => {
      const uploaded = await upload.uploadFileAttachmentToWeixin({ filePath, toUserId: job.userId, opts, cdnBaseUrl });
      await send.sendFileMessageWeixin({ to: job.userId, text: "", fileName: path.basename(filePath), uploaded, opts, filePath });
    };
    await sendFile(job.warmupFilePath); // code loaded, connection open, as the other clients do
    globalThis.gc?.();
    fs.writeFileSync("/proc/self/clear_refs", "5");
    const baseline = status("VmRSS");
    const t = performance.now();
    await sendFile(job.filePath);
    const s = (performance.now() - t) / 1000;
    Object.assign(result, { count: 1, seconds: s, peakExtraBytes: status("VmHWM") - baseline, baselineRssBytes: baseline });
    break;
  }
  default:
    throw new Error("unknown workload " + job.workload);
}

console.log("RESULT " + JSON.stringify(result));
// Undici keeps the pooled connection open; the process ends here rather than when it idles out.
process.exit(0);
