// Ballot helper: « − / + » buttons around each dots field and a live count of the dots left.
// The form works without it (plain number fields; the server checks the total).
const form = document.querySelector("form.ballot[data-dots-total]");
if (form) {
  const total = Number(form.dataset.dotsTotal);
  const inputs = [...form.querySelectorAll("input.dots-input")];
  const remaining = form.querySelector(".dots-remaining");
  // Texts come translated from the template (data-text-*), with {n}, {total} and {label} slots.
  const text = (key, values) =>
    form.dataset[key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));

  const update = () => {
    const used = inputs.reduce((sum, input) => sum + (Number(input.value) || 0), 0);
    const left = total - used;
    remaining.hidden = false;
    remaining.classList.toggle("is-over", left < 0);
    remaining.textContent =
      left >= 0 ? text("textLeft", { n: left, total }) : text("textOver", { n: -left, total });
  };

  for (const input of inputs) {
    const max = Number(input.max) || total;
    const label = input.closest("fieldset").querySelector("legend").textContent.trim();
    const stepper = document.createElement("span");
    stepper.className = "dots-stepper";
    const minus = document.createElement("button");
    minus.type = "button";
    minus.className = "button button--secondary";
    minus.textContent = "−";
    minus.setAttribute("aria-label", text("textMinus", { label }));
    const plus = document.createElement("button");
    plus.type = "button";
    plus.className = "button button--secondary";
    plus.textContent = "+";
    plus.setAttribute("aria-label", text("textPlus", { label }));
    input.replaceWith(stepper);
    stepper.append(minus, input, plus);
    minus.addEventListener("click", () => {
      input.value = Math.max(0, (Number(input.value) || 0) - 1);
      update();
    });
    plus.addEventListener("click", () => {
      input.value = Math.min(max, (Number(input.value) || 0) + 1);
      update();
    });
    input.addEventListener("input", update);
  }
  update();
}
