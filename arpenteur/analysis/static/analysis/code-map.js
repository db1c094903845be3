// A map per code: the positions of the material behind its extracts. Works with no tile server
// (the points and their labels are enough); a basemap is drawn when the site configures one.
for (const element of document.querySelectorAll(".code-map")) {
  const L = window.L;
  if (!L) continue;
  const map = L.map(element, { scrollWheelZoom: false });
  if (element.dataset.basemap) {
    L.tileLayer(element.dataset.basemap, { attribution: element.dataset.attribution || "" }).addTo(map);
  }
  fetch(element.dataset.geojson, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      const layer = L.geoJSON(data, {
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 8, weight: 2, color: "#1d1f24", fillColor: "#a3431f", fillOpacity: 0.85 }),
        onEachFeature: (feature, marker) => {
          const p = feature.properties;
          const box = document.createElement("div");
          const link = document.createElement("a");
          link.href = p.lien;
          link.textContent = p.titre;
          const quote = document.createElement("p");
          quote.textContent = p.extrait;
          box.append(link, quote);
          marker.bindPopup(box);
          marker.bindTooltip(textNode(p.titre));
        },
      }).addTo(map);
      if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
      else {
        element.replaceChildren(Object.assign(document.createElement("p"), { className: "muted", textContent: "Aucun matériau placé sur la carte pour ce code." }));
      }
    });
}

// Leaflet puts a string tooltip in as HTML; titles are typed by people (even by the public), so they go in
// as text.
function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}
