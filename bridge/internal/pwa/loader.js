// Poppy's wasm loader, in place of go-app v9.8.0's (loader.go says why).
//
// It sets the startup's performance marks (User Timing), which the
// benchmarks read by name (app/internal/benchreport/coldstart.go):
//   poppy-signin-usable    the page takes a complete sign-in: the
//                          prerendered shell's submit is enabled, this
//                          loader holding a press until the app can sign
//                          in (poppyTakeSubmit); or, for a shell drawn
//                          without the mail servers, the app's own form
//                          is live (as poppy-app-signin-live);
//   poppy-wasm-request     the loader asks for app.wasm;
//   poppy-wasm-compiled    the module is compiled and instantiated;
//   poppy-first-render     the app's first render replaced the page's
//                          prerendered sign-in shell;
//   poppy-app-signin-live  the app's own sign-in form is live: its
//                          submit button is enabled (a press made in the
//                          shell is submitted then).
// (poppy-start, between the compile and the first render, is set by the
// app's main.)
async function goappInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");
  const worker = poppyInitServiceWorker();

  if (!goappCanLoadWebAssembly()) {
    worker.now();
    loader.remove();
    return;
  }
  const press = poppyWatchStartup();

  try {
    const go = new Go();
    performance.mark("poppy-wasm-request");
    // The fetch's own Response: streaming compilation, and Chromium's
    // code cache, which is keyed by the response's URL.
    const response = fetch({{.Wasm}});
    let wasm;
    if (WebAssembly.instantiateStreaming) {
      wasm = await WebAssembly.instantiateStreaming(response, go.importObject);
    } else {
      const source = await (await response).arrayBuffer();
      wasm = await WebAssembly.instantiate(source, go.importObject);
    }
    performance.mark("poppy-wasm-compiled");
    go.run(wasm.instance);
    loader.remove();
  } catch (err) {
    // The stylesheet hides the loader behind the sign-in shell; a
    // failure must be seen.
    press.fail();
    worker.now();
    loader.classList.add("poppy-load-failed");
    document.getElementById("app-wasm-loader-icon").className = "goapp-logo";
    document.getElementById("app-wasm-loader-label").innerText = err;
    console.error("loading wasm failed: ", err);
  }
}

// poppyInitServiceWorker registers go-app's service worker, which keeps
// the app for offline use, in place of app.js's registration as it
// starts (loader.go takes that out). A visit that a worker already
// controls registers it at once: that is the worker's update check, and
// app-update.js counts on it. On a first visit, the worker's install
// downloads every file of the app again, app.wasm included, and stores
// them; that work competed with the page's own download and compile of
// app.wasm (without it the app's form went live in about 0.8 of the
// time), and with the first sign-in. So a first visit registers it once
// the app is started and no sign-in is under way: the first inbox is
// shown, or the app's form has been live for a while with no
// sign-in started, or app.wasm cannot run (now(), from the loader). It
// reads the app's performance marks (app/ui/perfmarks.go).
//
// (The constants are in the function: app.js calls the loader before
// the end of the file, where a top-level const would be set.)
function poppyInitServiceWorker() {
  // How long the app's sign-in form stays live with no sign-in started
  // before the worker is registered (a person takes longer to type a
  // password), and when it is registered at the latest, in ms from now
  // (a sign-in that failed, an app that opened an account instead).
  const idleMs = 2000;
  const backstopMs = 20000;
  const sw = navigator.serviceWorker;
  if (!sw || sw.controller) {
    goappInitServiceWorker();
    return { now: () => {} };
  }
  let done = false;
  let idle = 0;
  let observer = null;
  const register = () => {
    if (done) {
      return;
    }
    done = true;
    clearTimeout(idle);
    clearTimeout(backstop);
    if (observer) {
      observer.disconnect();
    }
    goappInitServiceWorker();
  };
  const backstop = setTimeout(register, backstopMs);
  try {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === "poppy-app-signin-live") {
          idle = setTimeout(register, idleMs);
        } else if (e.name === "poppy-signin-click") {
          clearTimeout(idle);
        } else if (e.name === "poppy-inbox-mounted") {
          register();
        }
      }
    });
    observer.observe({ type: "mark", buffered: true });
  } catch (err) {
    // A browser that cannot observe marks: the backstop registers it.
    observer = null;
  }
  return { now: register };
}

// poppyWatchStartup makes the shell take a sign-in, marks the app's
// first render and the moment its sign-in form can be used, as the DOM
// changes (a MutationObserver runs right after the change, before the
// frame is painted), and submits a press made in the shell on the app's
// form, once.
function poppyWatchStartup() {
  const shell = document.body.firstElementChild;
  const focus = poppyTrackFocus(shell);
  const press = poppyTakeSubmit(shell);
  let rendered = false;
  const observer = new MutationObserver(() => {
    if (!rendered && document.body.firstElementChild !== shell) {
      rendered = true;
      performance.mark("poppy-first-render");
      poppyCarryOver(shell, focus.field);
    }
    if (!rendered) {
      return;
    }
    const form = document.querySelector("form#signin");
    const submit = document.querySelector("form#signin button[type=submit]:enabled");
    if (submit) {
      performance.mark("poppy-app-signin-live");
      if (!press.usable) {
        performance.mark("poppy-signin-usable");
      }
      observer.disconnect();
      if (press.pending) {
        press.pending = false;
        // As a click on the button would: the browser checks the
        // fields, then the app's submit handler signs in with the
        // values carried over.
        form.requestSubmit(submit);
      }
    } else if (!form) {
      // The app opened an account instead: there is no form for the
      // press, which is dropped.
      press.pending = false;
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  return press;
}

// poppyTakeSubmit makes the shell's form take a sign-in before the app
// can: it takes the form's submit event (never a plain HTML submission,
// which would send the password in the page's URL), and only then
// enables the button, which the page draws disabled, so that a page
// whose scripts fail cannot submit (nor can Enter: a form whose default
// button is disabled has no implicit submission). A press (the button or
// Enter, once the browser found the fields valid) makes the button busy,
// in the page's language (its data-busy), and is kept in the returned
// state's pending for poppyWatchStartup. A shell drawn without the mail
// servers (its select empty) cannot take a sign-in and stays disabled.
function poppyTakeSubmit(shell) {
  const press = { usable: false, pending: false, fail: () => {} };
  const form = shell.querySelector("form#signin");
  const button = form && form.querySelector("button[type=submit]");
  const target = form && form.querySelector("select[name=target]");
  if (!button || !target || target.value === "" || !form.querySelector("input[name=password]")) {
    return press;
  }
  const idle = button.textContent;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (press.pending || !shell.isConnected) {
      return; // pressed again: one sign-in
    }
    press.pending = true;
    button.setAttribute("aria-busy", "true");
    button.setAttribute("aria-disabled", "true");
    button.textContent = button.dataset.busy;
  });
  press.fail = () => {
    // app.wasm did not load: nothing can sign in.
    press.pending = false;
    button.disabled = true;
    button.removeAttribute("aria-busy");
    button.removeAttribute("aria-disabled");
    button.textContent = idle;
  };
  button.disabled = false;
  press.usable = true;
  performance.mark("poppy-signin-usable");
  return press;
}

// poppyTrackFocus follows which of the shell's fields has the focus. The
// field is gone from the document by the time the observer sees the
// swap, so document.activeElement no longer says; a focus that left the
// shell for good (not through its removal) is forgotten.
function poppyTrackFocus(shell) {
  const t = { field: null };
  shell.addEventListener("focusin", (e) => {
    t.field = e.target.name ? e.target : null;
  });
  shell.addEventListener("focusout", () => {
    setTimeout(() => {
      if (shell.isConnected && !shell.contains(document.activeElement)) {
        t.field = null;
      }
    }, 0);
  });
  return t;
}

// poppyCarryOver moves what the shell's mail server, user name and
// password hold (chosen, typed, or filled in by a password manager, while
// app.wasm loaded) into the app's form, which has just replaced it, and
// puts the focus and the caret back where they were. It runs in the
// observer's callback, before the frame is painted, so the person sees
// no gap; the change and input events tell the app's own handlers, as
// choosing and typing would, in that order (choosing the demo fills in
// its login, which what was typed then replaces). Both forms start from
// the same values (the shell is drawn with the app's first choice), so
// the shell's value is the person's wherever the two differ.
function poppyCarryOver(shell, focused) {
  for (const [tag, name, event] of [["select", "target", "change"], ["input", "username", "input"], ["input", "password", "input"]]) {
    const sel = "form#signin " + tag + "[name=" + name + "]";
    const from = shell.querySelector(sel);
    const to = document.querySelector(sel);
    if (!from || !to) {
      continue; // the app opened an account instead of the form
    }
    if (from.value !== to.value && from.value !== "") {
      to.value = from.value;
      to.dispatchEvent(new Event(event, { bubbles: true }));
    }
    if (from === focused) {
      to.focus();
      try {
        to.setSelectionRange(from.selectionStart, from.selectionEnd, from.selectionDirection);
      } catch (e) {
        // a field type without a caret: the focus is enough
      }
    }
  }
}

function goappCanLoadWebAssembly() {
  if (
    /bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent)
  ) {
    return false;
  }

  const urlParams = new URLSearchParams(window.location.search);
  return urlParams.get("wasm") !== "false";
}
