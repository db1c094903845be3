// The capture outbox: every capture is written to IndexedDB *before* any attempt to send it, and
// leaves the outbox only when the server has answered that it holds it (201 created, or 200 when
// it already had that client id). Retries, duplicate tabs and out-of-order sends are therefore
// harmless: the server stores each client id exactly once.

const DB_NAME = "arpenteur-terrain";
const STORE = "outbox";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "uuid" });
      store.createIndex("residency", "residency");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = action(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// item: {uuid, residency, endpoint, fields: [[name, value]…], file: Blob|null, fileName, label, createdAt}
export function put(item) {
  return withStore("readwrite", (store) => store.put(item));
}

export function remove(uuid) {
  return withStore("readwrite", (store) => store.delete(uuid));
}

export async function list(residency) {
  const items = await withStore("readonly", (store) => store.index("residency").getAll(String(residency)));
  return (items || []).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : input ? input.value : "";
}

// Send one item. Returns {state: "sent"|"rejected"|"signed_out"|"offline", body}.
export async function send(item) {
  const data = new FormData();
  for (const [name, value] of item.fields) data.append(name, value);
  if (item.file) data.append("file", item.file, item.fileName || "fichier");
  let response;
  try {
    response = await fetch(item.endpoint, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      redirect: "manual",
    });
  } catch {
    return { state: "offline" };
  }
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = {};
  }
  if (response.status === 200 || response.status === 201) return { state: "sent", body };
  if (response.status === 401 || response.type === "opaqueredirect") return { state: "signed_out", body };
  if (response.status >= 500 || response.status === 0) return { state: "offline", body };
  return { state: "rejected", body };
}

let flushing = false;

// Send every waiting item of a residency, oldest first. Stops at the first network failure (the
// rest would fail too) and keeps rejected items, with their messages, for the author to fix.
export async function flush(residency, onChange) {
  if (flushing) return;
  flushing = true;
  try {
    for (const item of await list(residency)) {
      if (item.error && !item.retry) continue;
      const result = await send(item);
      if (result.state === "sent") {
        await remove(item.uuid);
        onChange({ type: "sent", item, body: result.body });
      } else if (result.state === "rejected") {
        item.error = result.body;
        item.retry = false;
        await put(item);
        onChange({ type: "rejected", item });
      } else {
        onChange({ type: result.state, item });
        break;
      }
    }
  } finally {
    flushing = false;
    onChange({ type: "done" });
  }
}
