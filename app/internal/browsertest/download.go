//go:build !js

package browsertest

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// AllowDownloads makes the browser save downloads into dir, each under
// its download GUID (so two files of one name cannot collide), and report
// them with events (see Download).
func AllowDownloads(ctx context.Context, dir string) error {
	on := true
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  dir,
		EventsEnabled: &on,
	})
	return err
}

// Downloaded is a finished download.
type Downloaded struct {
	Path              string // the file on disk
	GUID              string // its name in the download folder
	SuggestedFilename string // the name the page gave it
	URL               string
}

// Download runs trigger and waits for the download it starts to finish.
// AllowDownloads must have been called. Chromium does not promise to
// report the file's path; when Path is empty the file is GUID in the
// download folder.
func Download(ctx context.Context, trigger chromedp.Action[chromedp.Void]) (Downloaded, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, trigger); err != nil {
		return Downloaded{}, err
	}
	var d Downloaded
	var guid string
	for ev, err := range begins {
		if err != nil {
			return d, fmt.Errorf("browsertest: waiting for a download to begin: %w", err)
		}
		guid, d.SuggestedFilename, d.URL = ev.GUID, ev.SuggestedFilename, ev.URL
		break
	}
	for ev, err := range progress {
		if err != nil {
			return d, fmt.Errorf("browsertest: waiting for download %s: %w", d.SuggestedFilename, err)
		}
		if ev.GUID != guid {
			continue
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			d.Path, d.GUID = ev.FilePath, guid
			return d, nil
		case browser.DownloadProgressStateCanceled:
			return d, fmt.Errorf("browsertest: download %s was canceled", d.SuggestedFilename)
		}
	}
	return d, ctx.Err()
}
