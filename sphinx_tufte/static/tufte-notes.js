// sphinx-tufte: on narrow screens, each note opens from its number (a real <button>).
// Without this script every note is simply shown; on wide screens they sit in the margin.
(() => {
  "use strict";
  const SELECTOR = "button.sidenote-number[aria-controls], button.marginnote-toggle[aria-controls]";
  const buttons = document.querySelectorAll(SELECTOR);
  if (!buttons.length) return;
  // The breakpoint is the stylesheet's (--tufte-breakpoint, tufte-directives.css), so
  // the script and the CSS always agree on where the margin begins.
  const breakpoint = getComputedStyle(document.documentElement).getPropertyValue("--tufte-breakpoint").trim();
  if (!breakpoint) return; // no stylesheet: every note stays shown
  const narrow = window.matchMedia(`screen and (width < ${breakpoint})`);

  // Wide screens show every note, so the buttons are then neither collapsed nor in
  // the tab order; narrow screens start with every note closed.
  const sync = () => {
    for (const button of buttons) {
      button.setAttribute("aria-expanded", String(!narrow.matches));
      button.tabIndex = narrow.matches ? 0 : -1;
    }
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(SELECTOR);
    if (!button || !narrow.matches) return;
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
  });
  narrow.addEventListener("change", sync);
  sync();
  document.documentElement.classList.add("tufte-notes-js");
})();
