// Maps of a residency with Leaflet (window.L, loaded from django-leaflet's static files).
// Without a basemap setting, the map is a plain background on which the residency's own points,
// routes and labels are drawn: it stays useful with no tile server and no network.

const KIND_COLOURS = {
  note: "#1d4f91",
  recit: "#7a3e9d",
  entretien: "#00695c",
  citation: "#8a4b00",
  etonnement: "#b3261e",
  photo: "#2e7d32",
  son: "#4a148c",
  croquis: "#5d4037",
};

export function createMap(element, config, { activities = [] } = {}) {
  const L = window.L;
  if (!element || !L) return null;
  const map = L.map(element, { zoomControl: true, attributionControl: Boolean(config.basemap) });
  map.setView(config.center, config.zoom);
  if (config.basemap) {
    L.tileLayer(config.basemap, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
  } else {
    element.classList.add("map--plain");
  }
  drawActivities(map, activities);
  return map;
}

function drawActivities(map, activities) {
  const L = window.L;
  for (const activity of activities) {
    if (activity.route && activity.route.type === "LineString") {
      L.geoJSON(activity.route, { style: { color: "#8a4b00", weight: 4, dashArray: "6 6" } }).addTo(map);
    }
    if (activity.lat != null && activity.lon != null) {
      L.circleMarker([activity.lat, activity.lon], { radius: 6, color: "#8a4b00", fillOpacity: 0.9 })
        .bindTooltip(textNode(`${activity.when} · ${activity.title}`), { permanent: true, direction: "right", className: "map-label" })
        .addTo(map);
    }
  }
}

// Group points that fall in the same ~48 px cell at the current zoom: dense places stay readable.
function clusters(map, features) {
  const size = 48;
  const cells = new Map();
  for (const feature of features) {
    const [lng, lat] = feature.geometry.coordinates;
    const point = map.project([lat, lng], map.getZoom());
    const key = `${Math.floor(point.x / size)}:${Math.floor(point.y / size)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(feature);
  }
  return [...cells.values()];
}

function popupContent(properties) {
  const box = document.createElement("div");
  box.className = "map-popup";
  const title = document.createElement("strong");
  title.textContent = `${properties.nature_libelle} · ${properties.titre}`;
  box.append(title);
  if (properties.image) {
    const img = document.createElement("img");
    img.src = properties.image;
    img.alt = properties.titre;
    img.loading = "lazy";
    box.append(img);
  }
  if (properties.extrait) {
    const p = document.createElement("p");
    p.textContent = properties.extrait;
    box.append(p);
  }
  const meta = document.createElement("p");
  meta.className = "muted";
  const date = new Date(properties.saisi_le).toLocaleDateString("fr-FR");
  meta.textContent = [date, properties.auteur, ...(properties.acteurs || [])].filter(Boolean).join(" · ");
  box.append(meta);
  if (properties.url) {
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = "Ouvrir";
    // Opens the item in place (beside the map) when the page has a panel for it and htmx is there.
    const panel = document.getElementById("material-open");
    if (panel && window.htmx) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        window.htmx.ajax("GET", properties.url, { target: panel, swap: "innerHTML" });
      });
    }
    box.append(link);
  }
  return box;
}

export function showMaterials(map, features, { onCount } = {}) {
  const L = window.L;
  const layer = L.layerGroup().addTo(map);
  function redraw() {
    layer.clearLayers();
    for (const group of clusters(map, features)) {
      if (group.length === 1) {
        const feature = group[0];
        const [lng, lat] = feature.geometry.coordinates;
        L.circleMarker([lat, lng], {
          radius: 8,
          color: "#fff",
          weight: 2,
          fillColor: KIND_COLOURS[feature.properties.nature] || "#1d4f91",
          fillOpacity: 1,
        })
          .bindPopup(() => popupContent(feature.properties))
          .addTo(layer);
      } else {
        let lat = 0;
        let lng = 0;
        for (const f of group) {
          lng += f.geometry.coordinates[0];
          lat += f.geometry.coordinates[1];
        }
        const centre = [lat / group.length, lng / group.length];
        const icon = L.divIcon({
          className: "map-cluster",
          html: `<span>${group.length}</span>`,
          iconSize: [36, 36],
        });
        L.marker(centre, { icon, keyboard: true, title: `${group.length} saisies` })
          .on("click", () => map.setView(centre, Math.min(map.getZoom() + 2, 19)))
          .addTo(layer);
      }
    }
  }
  map.on("zoomend", redraw);
  redraw();
  if (features.length) {
    const bounds = L.latLngBounds(features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }
  if (onCount) onCount(features.length);
  return layer;
}

// Pages with <div data-materials-map data-geojson="…"> and a #map-config / #map-activities script.
export async function initMaterialMaps() {
  for (const element of document.querySelectorAll("[data-materials-map]")) {
    const config = JSON.parse(document.getElementById("map-config").textContent);
    const activitiesScript = document.getElementById("map-activities");
    const activities = activitiesScript ? JSON.parse(activitiesScript.textContent) : [];
    const map = createMap(element, config, { activities });
    if (!map) continue;
    const counter = document.getElementById(element.dataset.counter || "");
    try {
      const response = await fetch(element.dataset.geojson, { credentials: "same-origin" });
      const data = await response.json();
      showMaterials(map, data.features, {
        onCount: (n) => {
          if (counter) counter.textContent = n === 1 ? "1 saisie placée sur la carte." : `${n} saisies placées sur la carte.`;
        },
      });
    } catch {
      if (counter) counter.textContent = "La carte n’a pas pu charger les saisies.";
    }
  }
}

if (document.querySelector("[data-materials-map]")) initMaterialMaps();

// An item opened in place takes the focus, so that keyboard and screen-reader users land on it.
document.body.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id === "material-open") event.detail.target.focus();
});

// Leaflet puts a string tooltip in as HTML; titles are typed by people (even by the public), so they go in
// as text.
function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}
