package pwa

import "encoding/json"

// manifest is the web app manifest. go-app's own lacks a maskable icon
// and a description field of our choosing, so the bridge serves this one.
type manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

const (
	appName        = "Poppy"
	appDescription = "Read your POP3 mail in the browser: fast, private, installable."
	themeColor     = "#b42323"
	bgColor        = "#fdf6ec"
	icon192        = "/web/icon-192.png"
	icon512        = "/web/icon-512.png"
	iconMaskable   = "/web/icon-maskable-512.png"
	iconSVG        = "/web/icon.svg"
)

func manifestJSON() []byte {
	b, err := json.MarshalIndent(manifest{
		Name:            appName,
		ShortName:       appName,
		Description:     appDescription,
		StartURL:        "/",
		Scope:           "/",
		Display:         "standalone",
		ThemeColor:      themeColor,
		BackgroundColor: bgColor,
		Icons: []manifestIcon{
			{Src: icon192, Sizes: "192x192", Type: "image/png"},
			{Src: icon512, Sizes: "512x512", Type: "image/png"},
			{Src: iconMaskable, Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		},
	}, "", "  ")
	if err != nil {
		panic(err) // a fixed struct always marshals
	}
	return b
}
