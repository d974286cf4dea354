// sphinx-tufte: the light/dark toggle. Everything else on the page works without it.
(() => {
  "use strict";
  const KEY = "tufte-color-scheme";
  const root = document.documentElement;
  const button = document.querySelector(".color-scheme-toggle");
  if (!button) return;

  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => (root.dataset.theme || (systemDark.matches ? "dark" : "light")) === "dark";
  const render = () => button.setAttribute("aria-pressed", String(isDark()));

  button.addEventListener("click", () => {
    const next = isDark() ? "light" : "dark";
    root.dataset.theme = next;
    try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
    render();
  });
  systemDark.addEventListener("change", render);
  render();
  button.hidden = false;
})();
