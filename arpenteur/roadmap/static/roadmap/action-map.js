// The place of an action: click the map to set latitude/longitude; the GeoJSON perimeter, when
// typed or pasted, is drawn too. The fields stay the source of truth (keyboard users type them).
const element = document.querySelector("[data-action-map]");
const L = window.L;
if (element && L) {
  const lat = document.getElementById("id_latitude");
  const lon = document.getElementById("id_longitude");
  const perimeter = document.getElementById("id_perimeter");
  const map = L.map(element, { scrollWheelZoom: false });
  if (element.dataset.basemap) {
    L.tileLayer(element.dataset.basemap, { attribution: element.dataset.attribution || "" }).addTo(map);
  }
  const centre = [parseFloat(element.dataset.lat) || 46.6, parseFloat(element.dataset.lon) || 2.4];
  map.setView(centre, element.dataset.lat ? 15 : 5);
  let marker = null;
  let shape = null;
  const place = () => {
    const y = parseFloat(lat.value);
    const x = parseFloat(lon.value);
    if (Number.isNaN(y) || Number.isNaN(x)) return;
    if (marker) marker.setLatLng([y, x]);
    else marker = L.circleMarker([y, x], { radius: 9, weight: 2, color: "#1d1f24", fillColor: "#a3431f", fillOpacity: 0.85 }).addTo(map);
  };
  const draw = () => {
    if (shape) shape.remove();
    shape = null;
    try {
      const value = JSON.parse(perimeter.value || "null");
      if (value) shape = L.geoJSON(value, { style: { color: "#143f31", weight: 3 } }).addTo(map);
    } catch (error) {
      // Invalid JSON: the server says so in French when the form is sent.
    }
  };
  map.on("click", (event) => {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place();
  });
  lat.addEventListener("change", place);
  lon.addEventListener("change", place);
  perimeter.addEventListener("change", draw);
  place();
  draw();
  if (shape && shape.getBounds().isValid()) map.fitBounds(shape.getBounds(), { maxZoom: 17, padding: [20, 20] });
  else if (marker) map.setView(marker.getLatLng(), 16);
}
