// The host's temp folder (the client writes its log lines there) and its file lock (a plain call: one process).
import os from "node:os";
import path from "node:path";

export function resolvePreferredOpenClawTmpDir() {
  return process.env.OPENCLAW_TMP_DIR || path.join(os.tmpdir(), "openclaw");
}

export async function withFileLock(_file, optionsOrFn, maybeFn) {
  const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
  return fn();
}
