// The public contribution page: a tap on the map fills the hidden latitude/longitude fields.
// Without JavaScript the form still works, with the place written in words only.
import { createMap } from "./map.js";

const element = document.getElementById("contribution-map");
const configScript = document.getElementById("map-config");
if (element && configScript && window.L) {
  const config = JSON.parse(configScript.textContent);
  const map = createMap(element, config);
  const lat = document.getElementById("id_latitude");
  const lon = document.getElementById("id_longitude");
  const status = document.getElementById("contribution-map-status");
  let marker = null;
  const place = (latlng) => {
    if (marker) marker.setLatLng(latlng);
    else marker = window.L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#b3261e", fillOpacity: 1 }).addTo(map);
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    status.textContent = "Lieu placé sur la carte.";
  };
  if (lat.value && lon.value) place(window.L.latLng(Number(lat.value), Number(lon.value)));
  map.on("click", (event) => place(event.latlng));
}
