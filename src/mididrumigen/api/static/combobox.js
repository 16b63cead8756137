// The artist box: an ARIA 1.2 combobox over every artist the server knows.
// Up/Down move, Enter picks (the form submits only when no suggestion is highlighted), Esc closes.

const MAX = 8;

function rank(items, query) {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [];
  const starts = [];
  const words = [];
  const inside = [];
  for (const item of items) {
    const name = item.key;
    if (name.startsWith(q)) starts.push(item);
    else if (name.includes(` ${q}`)) words.push(item);
    else if (name.includes(q)) inside.push(item);
    if (starts.length >= MAX) break;
  }
  return [...starts, ...words, ...inside].slice(0, MAX);
}

export function artistCombobox(input, listbox, load) {
  let items = null;
  let loading = null;
  let shown = [];
  let active = -1;

  const ensure = () => {
    loading ??= load()
      .then((artists) => {
        items = artists.map((a) => ({ ...a, key: a.name.toLocaleLowerCase() }));
        if (document.activeElement === input) update();
      })
      .catch(() => {
        items = []; // suggestions are a help; typing any name still works
      });
    return loading;
  };

  const close = () => {
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

  function update() {
    if (!items) return;
    shown = rank(items, input.value);
    if (shown.length === 1 && shown[0].key === input.value.trim().toLocaleLowerCase()) shown = [];
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

  input.addEventListener("focus", ensure, { once: true });
  input.addEventListener("input", () => {
    ensure();
    update();
  });
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (e) => {
    const open = !listbox.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) {
        update();
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
  // Load again (after an API key was given: the first try may have been refused).
  const reset = () => {
    loading = null;
    items = null;
  };
  return { ensure, close, reset };
}
