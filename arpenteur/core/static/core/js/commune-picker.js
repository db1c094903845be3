// Commune picker: turns <input data-commune-picker="URL"> into an accessible combobox
// (WAI-ARIA 1.2 pattern, list autocomplete). Without JavaScript the plain input still works:
// the server accepts a name or an INSEE code.
const DEBOUNCE_MS = 150;

function enhance(input) {
  const url = input.dataset.communePicker;
  const wrapper = document.createElement("div");
  wrapper.className = "combobox";
  input.parentNode.insertBefore(wrapper, input);
  wrapper.appendChild(input);

  const listbox = document.createElement("ul");
  listbox.id = `${input.id}-listbox`;
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", "Communes proposées");
  listbox.hidden = true;
  wrapper.appendChild(listbox);

  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  wrapper.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);

  let results = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...listbox.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      const li = listbox.children[index];
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    const item = results[index];
    if (!item) return;
    input.value = item.label;
    close();
    status.textContent = `${item.name} sélectionnée.`;
  }

  function render() {
    listbox.replaceChildren();
    results.forEach((item, index) => {
      const li = document.createElement("li");
      li.id = `${listbox.id}-${index}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = item.label;
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(index); });
      listbox.appendChild(li);
    });
    const open = results.length > 0;
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    status.textContent = open
      ? `${results.length} commune${results.length > 1 ? "s" : ""} proposée${results.length > 1 ? "s" : ""}, flèches haut et bas pour choisir.`
      : "Aucune commune ne correspond.";
  }

  async function search() {
    const query = input.value.trim();
    if (query.length < 2) { results = []; close(); return; }
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      results = data.results.filter((item) => item.selectable);
      render();
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "La recherche de communes est indisponible : tapez le code INSEE.";
    }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, DEBOUNCE_MS); });
  input.addEventListener("keydown", (event) => {
    if (listbox.hidden) {
      if (event.key === "ArrowDown" && results.length) { render(); highlight(0); event.preventDefault(); }
      return;
    }
    if (event.key === "ArrowDown") { highlight(Math.min(active + 1, results.length - 1)); event.preventDefault(); }
    else if (event.key === "ArrowUp") { highlight(Math.max(active - 1, 0)); event.preventDefault(); }
    else if (event.key === "Enter" && active >= 0) { choose(active); event.preventDefault(); }
    else if (event.key === "Escape") { close(); event.preventDefault(); }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
}

document.querySelectorAll("input[data-commune-picker]").forEach(enhance);
