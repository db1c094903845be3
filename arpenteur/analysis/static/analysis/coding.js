// Coding widget: selecting text in a read-only copy of the material (mouse, or keyboard with
// Shift + arrows) fills the passage, its part and its offsets in the coding form. Without
// JavaScript the form still works: the server finds a pasted passage in the text.
const form = document.querySelector("[data-coding-form]");
if (form) {
  const passage = form.querySelector("[name=passage]");
  const start = form.querySelector("[name=start]");
  const end = form.querySelector("[name=end]");
  const field = form.querySelector("[name=field]");
  const whole = form.querySelector("[name=whole]");
  const status = document.createElement("p");
  status.className = "help";
  status.setAttribute("role", "status");
  passage.closest(".field").append(status);

  const take = (source) => {
    const { selectionStart: from, selectionEnd: to, value } = source;
    if (from === to) return;
    passage.value = value.slice(from, to);
    start.value = from;
    end.value = to;
    if (field) field.value = source.dataset.field;
    if (whole) whole.checked = false;
    status.textContent = `Passage sélectionné : ${to - from} caractères.`;
  };
  for (const source of form.querySelectorAll(".coding-source")) {
    for (const type of ["select", "keyup", "mouseup"]) source.addEventListener(type, () => take(source));
  }
  // A passage typed by hand no longer matches the offsets: let the server find it.
  passage.addEventListener("input", () => {
    start.value = "";
    end.value = "";
  });
}
