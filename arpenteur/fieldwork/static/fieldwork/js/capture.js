// The phone capture page: kind-dependent fields, position (device, tap on the map, or none),
// and the outbox (see outbox.js) that keeps every capture until the server holds it.
import * as outbox from "./outbox.js";
import { createMap } from "./map.js";

const form = document.getElementById("capture-form");
const residency = form.dataset.residency;
const endpoint = form.dataset.endpoint;
const panel = document.getElementById("outbox");
const statusLine = document.getElementById("outbox-status");
const waitingList = document.getElementById("outbox-list");
const sentList = document.getElementById("outbox-sent");
const KIND_LABELS = Object.fromEntries(
  [...form.querySelectorAll("input[name=kind]")].map((input) => [
    input.value,
    form.querySelector(`label[for="${input.id}"]`).textContent.trim(),
  ]),
);

// --- Kind-dependent fields --------------------------------------------------------------------
const fileInput = form.querySelector("input[type=file][name=file]");
const preview = document.getElementById("capture-preview");

function currentKind() {
  const checked = form.querySelector("input[name=kind]:checked");
  return checked ? checked.value : "note";
}

function showForKind() {
  const kind = currentKind();
  for (const block of form.querySelectorAll("[data-show-for]")) {
    block.hidden = !block.dataset.showFor.split(" ").includes(kind);
  }
  if (kind === "photo" || kind === "croquis") {
    fileInput.accept = "image/*";
    fileInput.setAttribute("capture", "environment");
  } else {
    fileInput.accept = "audio/*";
    fileInput.removeAttribute("capture");
  }
}

form.addEventListener("change", (event) => {
  if (event.target.name === "kind") showForKind();
  if (event.target === fileInput) {
    const file = fileInput.files[0];
    if (file && file.type.startsWith("image/")) {
      preview.src = URL.createObjectURL(file);
      preview.hidden = false;
    } else {
      preview.hidden = true;
    }
  }
});
showForKind();

// --- Position ---------------------------------------------------------------------------------
const lat = form.querySelector("input[name=latitude]");
const lon = form.querySelector("input[name=longitude]");
const help = document.getElementById("position-help");
const config = JSON.parse(document.getElementById("map-config").textContent);
const activitiesScript = document.getElementById("map-activities");
const map = createMap(document.getElementById("capture-map"), config, {
  activities: activitiesScript ? JSON.parse(activitiesScript.textContent) : [],
});
let marker = null;

function place(latitude, longitude, source) {
  lat.value = latitude.toFixed(6);
  lon.value = longitude.toFixed(6);
  const radio = form.querySelector(`input[name=position_source][value="${source}"]`);
  if (radio) radio.checked = true;
  if (map) {
    if (marker) marker.setLatLng([latitude, longitude]);
    else marker = window.L.circleMarker([latitude, longitude], { radius: 9, color: "#b3261e", weight: 3 }).addTo(map);
  }
  help.textContent = `Position retenue : ${lat.value}, ${lon.value}.`;
}

function clearPosition() {
  lat.value = "";
  lon.value = "";
  if (marker) {
    marker.remove();
    marker = null;
  }
  help.textContent = "Sans position.";
}

if (map) {
  map.on("click", (event) => place(event.latlng.lat, event.latlng.lng, "carte"));
}

form.addEventListener("change", (event) => {
  if (event.target.name !== "position_source") return;
  if (event.target.value === "") clearPosition();
  else if (event.target.value === "appareil") {
    if (!navigator.geolocation) {
      help.textContent = "Cet appareil ne donne pas sa position : touchez la carte.";
      return;
    }
    help.textContent = "Recherche de la position…";
    navigator.geolocation.getCurrentPosition(
      (position) => place(position.coords.latitude, position.coords.longitude, "appareil"),
      () => {
        help.textContent = "Position refusée ou introuvable : touchez la carte pour placer la saisie.";
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  } else {
    help.textContent = "Touchez la carte pour placer la saisie.";
  }
});

// --- Outbox -----------------------------------------------------------------------------------
function describe(item) {
  const fields = Object.fromEntries(item.fields);
  const text = fields.title || fields.body || fields.transcript || item.fileName || "";
  const when = new Date(item.createdAt).toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  return `${KIND_LABELS[fields.kind] || fields.kind} · ${when}${text ? " · " + text.slice(0, 60) : ""}`;
}

function errorText(body) {
  if (!body) return "";
  const parts = [body.erreur || ""];
  for (const messages of Object.values(body.champs || {})) parts.push(...messages);
  return parts.filter(Boolean).join(" ");
}

async function render() {
  const items = await outbox.list(residency);
  waitingList.replaceChildren();
  for (const item of items) {
    const li = document.createElement("li");
    li.className = item.error ? "outbox__item outbox__item--error" : "outbox__item";
    li.dataset.uuid = item.uuid;
    const label = document.createElement("span");
    label.textContent = (item.error ? "Refusée : " : "En attente : ") + describe(item);
    li.append(label);
    if (item.error) {
      const reason = document.createElement("p");
      reason.className = "outbox__reason";
      reason.textContent = errorText(item.error);
      const resume = document.createElement("button");
      resume.type = "button";
      resume.className = "button button--small";
      resume.textContent = "Reprendre pour corriger";
      resume.addEventListener("click", () => resumeItem(item));
      const drop = document.createElement("button");
      drop.type = "button";
      drop.className = "button button--small button--secondary";
      drop.textContent = "Abandonner";
      drop.addEventListener("click", async () => {
        if (window.confirm("Abandonner cette saisie ? Elle sera effacée de ce téléphone.")) {
          await outbox.remove(item.uuid);
          render();
        }
      });
      li.append(reason, resume, " ", drop);
    }
    waitingList.append(li);
  }
  const waiting = items.filter((i) => !i.error).length;
  const rejected = items.length - waiting;
  panel.hidden = items.length === 0 && sentList.children.length === 0;
  const parts = [];
  if (!navigator.onLine) parts.push(statusLine.dataset.offline);
  if (waiting) parts.push(waiting === 1 ? "1 saisie attend d’être envoyée." : `${waiting} saisies attendent d’être envoyées.`);
  if (rejected) parts.push(rejected === 1 ? "1 saisie est à corriger." : `${rejected} saisies sont à corriger.`);
  if (!items.length) parts.push("Tout est envoyé.");
  statusLine.textContent = parts.join(" ");
  panel.dataset.waiting = String(waiting);
}

function onChange(event) {
  if (event.type === "sent") {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = event.body.url || "#";
    link.textContent = "Envoyée : " + describe(event.item);
    li.append(link);
    for (const warning of event.body.avertissements || []) {
      const p = document.createElement("p");
      p.className = "outbox__reason";
      p.textContent = warning;
      li.append(p);
    }
    sentList.prepend(li);
  } else if (event.type === "signed_out") {
    statusLine.textContent = "Votre session a expiré : reconnectez-vous (dans un autre onglet), vos saisies attendent ici.";
    return;
  }
  if (event.type === "done" || event.type === "sent" || event.type === "rejected") render();
}

function flush() {
  if (navigator.onLine) outbox.flush(residency, onChange);
}

function resetForm() {
  form.reset();
  form.querySelector("input[name=client_uuid]").value = outbox.newUuid();
  preview.hidden = true;
  clearPosition();
  showForKind();
}

async function resumeItem(item) {
  resetForm();
  for (const [name, value] of item.fields) {
    const inputs = form.querySelectorAll(`[name="${name}"]`);
    for (const input of inputs) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.value === value) input.checked = true;
      } else if (input.type !== "file") {
        input.value = value;
      }
    }
  }
  if (item.file) {
    const transfer = new DataTransfer();
    transfer.items.add(new File([item.file], item.fileName || "fichier", { type: item.file.type }));
    fileInput.files = transfer.files;
  }
  showForKind();
  await outbox.remove(item.uuid);
  await render();
  form.querySelector("input[name=kind]:checked")?.focus();
}

form.addEventListener("submit", async (event) => {
  if (!window.indexedDB) return; // no outbox: the form posts normally
  event.preventDefault();
  form.querySelector("input[name=captured_at]").value = new Date().toISOString();
  const data = new FormData(form);
  const fields = [];
  let file = null;
  let fileName = "";
  for (const [name, value] of data.entries()) {
    if (name === "csrfmiddlewaretoken") continue;
    if (value instanceof File) {
      if (value.size) {
        file = value;
        fileName = value.name;
      }
      continue;
    }
    fields.push([name, value]);
  }
  const uuid = data.get("client_uuid");
  await outbox.put({ uuid, residency, endpoint, fields, file, fileName, createdAt: new Date().toISOString() });
  resetForm();
  await render();
  statusLine.focus?.();
  flush();
});

document.getElementById("outbox-send").addEventListener("click", flush);
window.addEventListener("online", () => {
  render();
  flush();
});
window.addEventListener("offline", render);
setInterval(flush, 20000);
render().then(flush);

if ("serviceWorker" in navigator && form.dataset.sw) {
  navigator.serviceWorker.register(form.dataset.sw, { scope: "/residences/" }).catch(() => {});
}
