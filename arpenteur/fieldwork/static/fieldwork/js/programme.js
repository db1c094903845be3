// The programme: a small map of its places, and a place picker in the activity form (a click or a
// tap on the map fills the latitude and longitude fields; typing in them moves the marker).
// The editor arrives through htmx, so pickers are also set up after each swap.
import { createMap } from "./map.js";

function readJson(id) {
  const script = document.getElementById(id);
  return script ? JSON.parse(script.textContent) : null;
}

// Leaflet tooltips take HTML: titles typed by the team are escaped before they reach the map.
function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text == null ? "" : String(text);
  return span.innerHTML;
}

function initProgrammeMaps(root = document) {
  const config = readJson("map-config");
  if (!config) return;
  for (const element of root.querySelectorAll("[data-programme-map]")) {
    if (element.dataset.ready) continue;
    element.dataset.ready = "1";
    const points = (readJson("map-activities") || []).map((p) => ({ ...p, title: escapeHtml(p.title), when: escapeHtml(p.when) }));
    const map = createMap(element, config, { activities: points });
    if (map && points.length) {
      const bounds = window.L.latLngBounds(points.map((p) => [p.lat, p.lon]));
      map.fitBounds(bounds, { padding: [32, 32], maxZoom: 16 });
    }
  }
}

function initPlacePickers(root = document) {
  const L = window.L;
  for (const element of root.querySelectorAll("[data-place-picker]")) {
    if (element.dataset.ready || !L) continue;
    element.dataset.ready = "1";
    const config = readJson("picker-config") || readJson("map-config");
    const lat = document.getElementById(element.dataset.lat);
    const lon = document.getElementById(element.dataset.lon);
    if (!config || !lat || !lon) continue;
    const map = createMap(element, config);
    if (!map) continue;
    let marker = null;
    const place = (latitude, longitude, pan) => {
      if (marker) marker.setLatLng([latitude, longitude]);
      else marker = L.circleMarker([latitude, longitude], { radius: 9, color: "#fff", weight: 2, fillColor: "#a3431f", fillOpacity: 1 }).addTo(map);
      if (pan) map.setView([latitude, longitude], Math.max(map.getZoom(), 15));
    };
    const fromFields = () => {
      const la = parseFloat(lat.value.replace(",", "."));
      const lo = parseFloat(lon.value.replace(",", "."));
      if (Number.isFinite(la) && Number.isFinite(lo)) place(la, lo, true);
    };
    fromFields();
    map.on("click", (event) => {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng.lat, event.latlng.lng, false);
    });
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    // The editor may have been hidden while Leaflet measured it.
    setTimeout(() => map.invalidateSize(), 50);
  }
}

initProgrammeMaps();
initPlacePickers();
document.body.addEventListener("htmx:afterSettle", (event) => {
  initPlacePickers(event.target);
  // Keyboard and screen-reader users land in the editor that just opened, or on its error summary.
  if (event.target.id === "activity-editor") {
    const target = event.target.querySelector(".form-errors, form select, form input:not([type=hidden])");
    if (target) target.focus();
  }
  // After a save, move, or delete, the refreshed days come with a message in the emptied editor.
  const message = document.querySelector("#activity-editor .message:not([data-focused])");
  if (message) {
    message.dataset.focused = "1";
    message.focus();
  }
});
