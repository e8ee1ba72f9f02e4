// "Print this record": printing needs JavaScript (window.print), so the button starts
// hidden and appears only here; without JavaScript the PDF download does the same job.
for (const button of document.querySelectorAll("[data-module='app-print']")) {
  button.hidden = false;
  button.classList.remove("govuk-!-display-none");
  button.addEventListener("click", () => window.print());
}
