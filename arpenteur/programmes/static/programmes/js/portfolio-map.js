// Portfolio map: one point per residency's commune, from the page's GeoJSON twin (same filters).
// Works with no tile server: points and their labels are drawn on the map's plain background; a
// basemap is added only when the site configures one (BASEMAP_URL).
const L = window.L;
const container = document.getElementById("carte-portefeuille");

if (L && container) {
  const map = L.map(container, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
  if (container.dataset.basemap) {
    L.tileLayer(container.dataset.basemap, { attribution: container.dataset.attribution || "" }).addTo(map);
  }
  fetch(container.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`GeoJSON ${response.status}`);
      return response.json();
    })
    .then((collection) => {
      const features = collection.features || [];
      // Few points: name them permanently; many: on hover or focus only, to stay readable.
      const permanent = features.length <= 25;
      const layer = L.geoJSON(collection, {
        pointToLayer: (feature, latlng) =>
          L.circleMarker(latlng, { radius: 7, color: "#123a57", weight: 2, fillColor: "#1f5d8a", fillOpacity: 0.85 }),
        onEachFeature: (feature, marker) => {
          const p = feature.properties;
          marker.bindTooltip(p.commune, { permanent, direction: "right", offset: [8, 0] });
          const link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.titre;
          const details = document.createElement("p");
          details.append(link, document.createElement("br"), `${p.format || "—"} · ${p.phase}`);
          marker.bindPopup(details);
        },
      }).addTo(map);
      if (features.length) map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 11 });
      container.dataset.points = String(features.length);
    })
    .catch(() => {
      const note = document.createElement("p");
      note.className = "muted";
      note.textContent = "La carte n’a pas pu être chargée ; le tableau donne les mêmes résidences.";
      container.after(note);
    });
}
