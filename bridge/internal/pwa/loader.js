// Poppy's wasm loader, in place of go-app v9.8.0's (loader.go says why).
//
// It sets the startup's performance marks (User Timing), which the
// benchmarks read by name (app/internal/benchreport/coldstart.go):
//   poppy-wasm-request   the loader asks for app.wasm;
//   poppy-wasm-compiled  the module is compiled and instantiated;
//   poppy-first-render   the app's first render replaced the page's
//                        prerendered sign-in shell;
//   poppy-signin-usable  the sign-in form's submit button is enabled.
// (poppy-start, between the last two, is set by the app's main.)
async function goappInitWebAssembly() {
  const loader = document.getElementById("app-wasm-loader");

  if (!goappCanLoadWebAssembly()) {
    loader.remove();
    return;
  }
  poppyWatchStartup();

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
    loader.classList.add("poppy-load-failed");
    document.getElementById("app-wasm-loader-icon").className = "goapp-logo";
    document.getElementById("app-wasm-loader-label").innerText = err;
    console.error("loading wasm failed: ", err);
  }
}

// poppyWatchStartup marks the app's first render and the moment its
// sign-in form can be used, as the DOM changes (a MutationObserver runs
// right after the change, before the frame is painted).
function poppyWatchStartup() {
  const shell = document.body.firstElementChild;
  const focus = poppyTrackFocus(shell);
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
    if (document.querySelector("form#signin button[type=submit]:enabled")) {
      performance.mark("poppy-signin-usable");
      observer.disconnect();
    } else if (!document.querySelector("form#signin")) {
      observer.disconnect(); // the app opened an account instead
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
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

// poppyCarryOver moves what the shell's user name and password hold
// (typed, or filled in by a password manager, while app.wasm loaded)
// into the app's form, which has just replaced it, and puts the focus
// and the caret back where they were. It runs in the observer's
// callback, before the frame is painted, so the person sees no gap; the
// input event tells the app's own handlers, as typing would. The target
// select has no options in either form yet: nothing to carry.
function poppyCarryOver(shell, focused) {
  for (const name of ["username", "password"]) {
    const from = shell.querySelector("form#signin input[name=" + name + "]");
    const to = document.querySelector("form#signin input[name=" + name + "]");
    if (!from || !to) {
      continue; // the app opened an account instead of the form
    }
    if (from.value !== "" && to.value === "") {
      to.value = from.value;
      to.dispatchEvent(new Event("input", { bubbles: true }));
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
