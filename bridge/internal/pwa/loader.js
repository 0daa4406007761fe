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
  let rendered = false;
  const observer = new MutationObserver(() => {
    if (!rendered && document.body.firstElementChild !== shell) {
      rendered = true;
      performance.mark("poppy-first-render");
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

function goappCanLoadWebAssembly() {
  if (
    /bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent)
  ) {
    return false;
  }

  const urlParams = new URLSearchParams(window.location.search);
  return urlParams.get("wasm") !== "false";
}
