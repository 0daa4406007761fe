// Poppy's inbox snapshot: the first screen of the cached inbox, painted
// from localStorage before app.wasm has loaded, and replaced by the
// app's own render of the same inbox.
//
// The app (app/ui/snapshot*.go) calls poppySnapshot.save(account) right
// after it rendered the inbox that it opened from the device at start,
// which is exactly what the next reload's first render of that inbox
// is: the page's root element, cloned then, is written as a tree of
// plain values. The app forgets the snapshot (poppySnapshot.forget)
// whenever that would no longer be so: another account shown, the first
// screen's rows or the language changed, sign out, an account removed,
// the device's copy cleared; and drops the painted one
// (poppySnapshot.drop) when its start opens no account.
//
// At the next load this script, which runs in the page's head before the
// body is parsed, reads the snapshot and, if it is valid for this page
// (format, the bridge's version, dates that still read the same, the
// account that a reload opens, sizes and every tag and attribute
// checked), puts it right after
// the prerendered sign-in shell, which it hides with every other child
// of the body. The app starts behind it: go-app replaces the shell (the
// body's first element) with the app's first render, hidden too; when
// the app renders the inbox (a root of class "app"), the snapshot goes
// in the same frame.
//
// Safety: the DOM is built with createElement, setAttribute and
// createTextNode only, from allowed tags and attributes (no event
// handler, no link, no data-, id, name or aria- attribute: the rows carry
// no data-uidl, and no selector of the automation contract matches the
// copy, which is the live app's; an image only from /web/, a style only
// a length),
// so a stored value can neither run a script nor load a remote resource.
// The snapshot is inert and aria-busy: nothing in it can be clicked,
// focused or read as the live app. It holds what the device's IndexedDB
// already holds for the same origin (a screen of headers), and never a
// form field's value: the clone's attributes only, not what was typed.
//
// Performance marks (User Timing), beside the loader's:
//   poppy-snapshot-shown     the snapshot is in the page (painted next);
//   poppy-snapshot-replaced  the app's inbox took its place.
(() => {
  const KEY = "poppy.snapshot";
  const OPEN = "poppy.openAccount"; // app/ui/shell.go's openKey
  const VERSION = {{.Version}};
  const FORMAT = 1;
  const MAX_CHARS = 200000;
  const MAX_NODES = 4000;
  const MAX_DEPTH = 40;
  const MAX_TEXT = 2000;

  const TAGS = new Set([
    "div", "span", "header", "main", "nav", "section", "aside", "footer",
    "h1", "h2", "h3", "h4", "p", "img", "input", "button", "form", "label",
    "select", "option", "ul", "ol", "li", "strong", "em", "b", "i", "small",
    "time", "details", "summary", "code", "abbr", "progress", "mark", "bdi",
    "dl", "dt", "dd", "kbd", "pre", "article",
  ]);
  // No id, name, for, role, title or aria- attribute: the automation
  // contract (docs/using.md) names the live app's elements by those
  // (form#signin-bar, input[name=password], #message-list,
  // [aria-label=Delete]…), and a script waiting for one must never find
  // this inert copy. An inert tree is out of the accessibility tree
  // anyway, so the ARIA attributes would say nothing; app.css styles by
  // class, never by id, so the copy still lays out as the app does.
  const ATTRS = new Set([
    "class", "type", "alt", "placeholder", "disabled", "dir", "lang",
    "autocomplete", "autocapitalize", "required", "hidden", "max", "style",
    "src", "open",
  ]);
  const STYLE = /^(height|width|min-height|inset-block-start): ?\d{1,7}(\.\d{1,4})?px;?$/;
  const SRC = /^\/web\/[A-Za-z0-9._-]+$/;

  // allowed says whether the attribute name=value may be in a snapshot.
  function allowed(tag, name, value) {
    if (typeof value !== "string" || value.length > MAX_TEXT) {
      return false;
    }
    if (name === "style") {
      return STYLE.test(value);
    }
    if (name === "src") {
      return tag === "img" && SRC.test(value);
    }
    return ATTRS.has(name);
  }

  // build makes the DOM of a stored node, or null if it is not valid.
  // A node is a string (text) or [tag, {attributes}, ...children].
  function build(n, depth, budget) {
    if (++budget.nodes > MAX_NODES || depth > MAX_DEPTH) {
      return null;
    }
    if (typeof n === "string") {
      return n.length <= MAX_TEXT ? document.createTextNode(n) : null;
    }
    if (!Array.isArray(n) || n.length < 2 || !TAGS.has(n[0]) ||
      typeof n[1] !== "object" || n[1] === null || Array.isArray(n[1])) {
      return null;
    }
    const el = document.createElement(n[0]);
    for (const [name, value] of Object.entries(n[1])) {
      if (!allowed(n[0], name, value)) {
        return null;
      }
      el.setAttribute(name, value);
    }
    for (let i = 2; i < n.length; i++) {
      const c = build(n[i], depth + 1, budget);
      if (!c) {
        return null;
      }
      el.appendChild(c);
    }
    return el;
  }

  // tree is the stored form of a rendered element: allowed tags and
  // attributes only (others are left out, with their subtree), no text
  // in live regions (what the app announced is not the page), no data-
  // attribute.
  function tree(el, depth, budget) {
    const tag = el.tagName.toLowerCase();
    if (++budget.nodes > MAX_NODES || depth > MAX_DEPTH || !TAGS.has(tag)) {
      return null;
    }
    const attrs = {};
    for (const a of el.attributes) {
      if (allowed(tag, a.name, a.value)) {
        attrs[a.name] = a.value;
      }
    }
    const out = [tag, attrs];
    if (el.hasAttribute("aria-live")) {
      return out;
    }
    for (const c of el.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) {
        if (c.data !== "") {
          out.push(c.data.slice(0, MAX_TEXT));
        }
      } else if (c.nodeType === Node.ELEMENT_NODE) {
        const t = tree(c, depth + 1, budget);
        if (t) {
          out.push(t);
        }
      }
    }
    return out;
  }

  function openAccount() {
    try {
      const v = JSON.parse(localStorage.getItem(OPEN));
      return typeof v === "string" ? v : "";
    } catch (e) {
      return "";
    }
  }

  let generation = 0; // forget cancels a save not yet written

  function forget() {
    generation++;
    try {
      localStorage.removeItem(KEY);
    } catch (e) {
      // storage refused: nothing was kept either
    }
  }

  // read returns the stored snapshot's DOM, or null; one that is not
  // valid for this page is forgotten.
  function read() {
    let raw = null;
    try {
      raw = localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
    if (raw === null) {
      return null;
    }
    let s = null;
    try {
      s = raw.length <= MAX_CHARS ? JSON.parse(raw) : null;
    } catch (e) {
      s = null;
    }
    const valid = s && typeof s === "object" && s.v === FORMAT && s.version === VERSION &&
      typeof s.until === "number" && (s.until === 0 || Date.now() < s.until) && typeof s.account === "string" && s.account !== "" &&
      s.account === openAccount() && Array.isArray(s.root) && s.root[0] === "div";
    const root = valid ? build(s.root, 0, { nodes: 0 }) : null;
    if (!root || !root.classList.contains("app")) {
      forget();
      return null;
    }
    root.setAttribute("data-snapshot", "");
    root.setAttribute("inert", "");
    root.setAttribute("aria-busy", "true");
    return { root, lang: s.lang, dir: s.dir };
  }

  const html = document.documentElement;
  let shown = null; // the painted snapshot, until the app replaces it
  let style = null;
  let observer = null;

  function unshow() {
    if (observer) {
      observer.disconnect();
      observer = null;
    }
    if (shown) {
      shown.remove();
      shown = null;
    }
    if (style) {
      style.remove();
      style = null;
    }
    html.removeAttribute("data-poppy-snapshot");
  }

  function show(snap) {
    shown = snap.root;
    html.setAttribute("data-poppy-snapshot", "");
    if (typeof snap.lang === "string" && /^[A-Za-z-]{2,20}$/.test(snap.lang)) {
      html.setAttribute("lang", snap.lang);
    }
    if (snap.dir === "rtl" || snap.dir === "ltr") {
      html.setAttribute("dir", snap.dir);
    }
    style = document.createElement("style");
    style.textContent = "html[data-poppy-snapshot] body > :not([data-snapshot]) { display: none !important; }";
    document.head.appendChild(style);
    let placed = false;
    // A MutationObserver's callback runs as the parser adds nodes,
    // before the frame is painted: the snapshot is in the first paint,
    // and goes in the frame that the app's inbox comes in.
    const check = () => {
      const body = document.body;
      const first = body && body.firstElementChild;
      if (!first) {
        return;
      }
      if (!placed) {
        placed = true;
        first.after(shown); // go-app replaces the body's first element
        performance.mark("poppy-snapshot-shown");
        // From now on only the body's children matter (the app's
        // render replaces the first), and the loader's class: the
        // app's own renders are not watched, which would cost them.
        observer.disconnect();
        observer.observe(body, { childList: true });
      } else if (first !== shown && first.classList.contains("app") && !first.hasAttribute("data-snapshot")) {
        performance.mark("poppy-snapshot-replaced");
        unshow();
        return;
      }
      const loader = document.getElementById("app-wasm-loader");
      if (loader && loader.classList.contains("poppy-load-failed")) {
        unshow(); // the error must be seen
      } else if (loader && !watched) {
        watched = true;
        observer.observe(loader, { attributes: true, attributeFilter: ["class"] });
      }
    };
    let watched = false;
    observer = new MutationObserver(check);
    observer.observe(html, { subtree: true, childList: true });
    check();
  }

  window.poppySnapshot = {
    // save keeps the page's root element, as the app rendered it, as the
    // snapshot of account, until the time until (milliseconds since the
    // epoch; 0: no end), when its dates would read otherwise. The clone
    // is taken now (the render as it is) and written after this task,
    // off the app's way to the paint.
    save(account, until) {
      const root = document.body.firstElementChild;
      if (typeof account !== "string" || account === "" || !root ||
        !root.classList.contains("app") || root.hasAttribute("data-snapshot")) {
        forget();
        return;
      }
      const clone = root.cloneNode(true);
      const lang = html.getAttribute("lang"), dir = html.getAttribute("dir");
      const gen = ++generation;
      setTimeout(() => {
        if (gen !== generation) {
          return; // forgotten meanwhile
        }
        const t = tree(clone, 0, { nodes: 0 });
        const s = t && JSON.stringify({ v: FORMAT, version: VERSION, account, until: until > 0 ? until : 0, lang, dir, root: t });
        if (!s || s.length > MAX_CHARS) {
          forget();
          return;
        }
        try {
          localStorage.setItem(KEY, s);
        } catch (e) {
          forget(); // over quota: no snapshot rather than an old one
        }
      }, 0);
    },
    forget,
    // drop forgets the snapshot and takes the painted one away: the
    // app's start opens no account (the sign-in page it rendered shows).
    drop() {
      forget();
      unshow();
    },
  };

  const snap = read();
  if (snap) {
    show(snap);
  }
})();
