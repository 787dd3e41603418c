// Account ids as the host normalises them: lower case, anything but [a-z0-9_-] folded to '-'.
export function normalizeAccountId(id) {
  return String(id ?? "").trim().toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "default";
}
