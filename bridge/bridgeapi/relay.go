package bridgeapi

// EnvRelay is the page's setting (go-app's app.Getenv) that names the
// bridges' URL, https://relay.example/, when the app is served apart from
// them, by a web server or CDN (`bridge export -relay`). The app then
// fetches PathTargets and the root store from there and opens
// PathWebSocket there; the bridges list the app's origin with -origin.
// Unset, the bridge is the one that served the page.
const EnvRelay = "POPPY_RELAY_URL"
