// The artist box: an ARIA 1.2 combobox whose suggestions the server finds as you type
// (GET /artists?q=…: names starting with the text first, then names with a later word starting
// with it), a few at a time, so the page never loads the whole catalogue.
// Up/Down move, Enter picks (the form submits only when no suggestion is highlighted), Esc closes.

const MAX = 8;
const WAIT_MS = 100; // typing pause before asking

export function artistCombobox(input, listbox, search) {
  let shown = [];
  let active = -1;
  let asked = 0; // the newest question: older answers are dropped
  let timer = null;

  const ask = () => {
    clearTimeout(timer);
    const query = input.value.trim();
    const ticket = ++asked;
    if (!query) {
      shown = [];
      render();
      return;
    }
    timer = setTimeout(() => {
      search(query, MAX)
        .then((artists) => {
          if (ticket !== asked || document.activeElement !== input) return;
          const typed = query.toLocaleLowerCase();
          shown = artists.length === 1 && artists[0].name.toLocaleLowerCase() === typed ? [] : artists;
          render();
        })
        .catch(() => {}); // suggestions are a help; typing any name still works
    }, WAIT_MS);
  };

  const close = () => {
    clearTimeout(timer);
    asked += 1; // an answer still on its way must not open the list again
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const highlight = (i) => {
    active = i;
    for (const [j, li] of [...listbox.children].entries()) li.setAttribute("aria-selected", String(j === i));
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", listbox.children[i].id);
      listbox.children[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };

  const pick = (i) => {
    input.value = shown[i].name;
    close();
    input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  function render() {
    listbox.replaceChildren(
      ...shown.map((a, i) => {
        const li = document.createElement("li");
        li.id = `${listbox.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        const name = document.createElement("span");
        name.textContent = a.name;
        const meta = document.createElement("small");
        meta.textContent = [a.kind, ...a.genres.slice(0, 2)].join(" · ");
        li.append(name, meta);
        li.addEventListener("pointerdown", (e) => {
          e.preventDefault(); // keep focus in the input
          pick(i);
        });
        return li;
      }),
    );
    active = -1;
    if (shown.length) {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else close();
  }

  input.addEventListener("input", ask);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (e) => {
    const open = !listbox.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) {
        ask();
        return;
      }
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      let next = active + step; // -1: back in the text
      if (next >= shown.length) next = -1;
      if (next < -1) next = shown.length - 1;
      highlight(next);
    } else if (e.key === "Enter" && open && active >= 0) {
      e.preventDefault();
      e.stopPropagation();
      pick(active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      close();
    }
  });
  // Ask again (after an API key was given: the last question may have been refused).
  const reset = () => {
    asked += 1;
    shown = [];
  };
  return { ensure: ask, close, reset };
}
