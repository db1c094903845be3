// The map of the library's results. Points are drawn as vector circles, so they show even when no
// basemap (tile server) is configured; the list next to the map carries the same results for
// keyboard and screen-reader users. Leaflet is loaded before this module as a classic script.
const container = document.getElementById("library-map");
const data = document.getElementById("library-map-points");

if (container && data && window.L) {
  const L = window.L;
  const points = JSON.parse(data.textContent);
  const map = L.map(container, { scrollWheelZoom: false, attributionControl: true });
  const tiles = container.dataset.basemapUrl;
  if (tiles) {
    L.tileLayer(tiles, { attribution: container.dataset.basemapAttribution || "", maxZoom: 18 }).addTo(map);
  } else {
    container.classList.add("library-map--no-tiles");
  }
  const colours = { ressource: "#1c4f8a", experience: "#a3431f" };
  const layer = L.featureGroup().addTo(map);
  for (const point of points) {
    const marker = L.circleMarker([point.lat, point.lon], {
      radius: 7,
      weight: 2,
      color: "#ffffff",
      fillColor: colours[point.kind] || "#1f5f4a",
      fillOpacity: 0.9,
    });
    const link = document.createElement("a");
    link.href = `/bibliotheque/fiches/${point.id}/`;
    link.textContent = point.title;
    const popup = document.createElement("div");
    popup.append(link);
    if (point.place) {
      const place = document.createElement("div");
      place.textContent = point.place;
      popup.append(place);
    }
    marker.bindPopup(popup);
    marker.bindTooltip(textNode(point.title));
    marker.addTo(layer);
  }
  if (points.length === 1) {
    map.setView([points[0].lat, points[0].lon], 9);
  } else {
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 10 });
  }
  container.dataset.ready = String(points.length);
}

// Leaflet puts a string tooltip in as HTML; titles are typed by people (even by the public), so they go in
// as text.
function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}
