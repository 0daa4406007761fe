// Poppy: deliver go-app's "a new version is installed" notice when go-app
// itself misses it (see update.go).
//
// go-app's app.js listens for "updatefound" only once register() has
// resolved. Chromium runs a registration's jobs one after the other, and
// now and then (a few runs in ten on a loaded machine, Chromium 156) the
// update check that follows a navigation is queued before go-app's
// register(), which then resolves only after the new worker is
// installed. go-app's listener comes too late, goappOnUpdate is never
// called, and the page keeps running the old version without saying so
// (app/e2e TestPWAUpdatePrompt reproduces it).
//
// This script runs after app.js (both deferred). The new worker calls
// skipWaiting, so every update ends with "controllerchange" on a page
// that had a controller; if go-app was not listening when the update was
// found, this calls goappOnUpdate itself, once the wasm has set it.
(() => {
  "use strict";
  const sw = navigator.serviceWorker;
  if (!sw || !sw.controller) {
    return; // a first visit: there is no running version to replace
  }
  // app.js's placeholder, which the wasm replaces with its handler.
  const placeholder = window.goappOnUpdate;
  // goappServiceWorkerRegistration is set by app.js right before it adds
  // its listener.
  const goappListens = () =>
    typeof goappServiceWorkerRegistration !== "undefined" &&
    !!goappServiceWorkerRegistration;
  // Whether go-app's listener was in place when the update was found;
  // unknown (null) if this script did not see the update start either.
  let goappSawIt = null;

  sw.getRegistration().then((reg) => {
    if (!reg) {
      return;
    }
    if (reg.installing || reg.waiting) {
      goappSawIt = false; // it started before anyone listened
    }
    reg.addEventListener("updatefound", () => {
      goappSawIt = goappListens();
    });
  });

  let delivered = false;
  const deliver = (tries) => {
    if (delivered) {
      return;
    }
    if (window.goappOnUpdate === placeholder) {
      // The wasm has not started yet.
      if (tries > 0) {
        setTimeout(() => deliver(tries - 1), 100);
      }
      return;
    }
    delivered = true;
    window.goappOnUpdate();
  };
  sw.addEventListener("controllerchange", () => {
    if (goappSawIt !== true) {
      deliver(3000); // wait up to 5 minutes for the wasm
    }
  });
})();
