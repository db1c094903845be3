// Site-wide behaviour, loaded as an ES module on every page.
// Focus the error summary of a form that came back with errors, so screen-reader and keyboard
// users land on what to fix.
const summary = document.getElementById("erreurs-formulaire");
if (summary) summary.focus();

// Confirmation for destructive buttons: <button data-confirm="…">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
