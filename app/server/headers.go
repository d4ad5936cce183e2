package server

import (
	"net/http"
	"strings"
)

// CSP is the lab's Content-Security-Policy: everything the page and its
// workers load is the lab's own, so no other origin is named. The page has
// no inline script (TestPageHasNoInlineScript keeps it so), which is why
// 'self' suffices for scripts and needs no hashes or nonces. Each source,
// and who needs it:
//
//   - default-src 'none': whatever is not listed below is refused (fonts,
//     media, objects, ...).
//   - script-src 'self': /wasm_exec.js and /app.js in the page (go-app),
//     importScripts("../wasm_exec.js") in web/worker.js.
//   - script-src 'wasm-unsafe-eval': compiling app.wasm (app.js) and
//     worker.wasm (worker.js), and, in the helpers, instantiating the
//     module they are sent; it allows WebAssembly, not eval.
//   - worker-src 'self': the training worker (web/worker.js), the helpers
//     it starts from the same script, and go-app's service worker
//     (/app-worker.js).
//   - connect-src 'self': fetch of app.wasm and worker.wasm, of shipped
//     checkpoints (ckpt=NAME) and data files, and the service worker's
//     own fetches.
//   - style-src 'self': /app.css (go-app) and /web/style.css.
//   - style-src-attr 'unsafe-inline': style attributes only, not <style>
//     elements: go-app sets Style() with setAttribute, and the results
//     table draws its bars with style="width: …" (both numbers the page
//     computes, never text from the URL or a file).
//   - img-src 'self': the icons and the header image.
//   - manifest-src 'self': /manifest.webmanifest.
//   - frame-src 'self': the lab framing itself (the embed builder's
//     preview, the /embed documentation's example); no other site.
//   - base-uri 'none', form-action 'none': no <base> or form may redirect
//     the page's links or data elsewhere.
//   - frame-ancestors *: any page (a course's notes) may embed the lab.
//
// A dedicated or service worker runs under the policy its own script is
// served with, not the page's; the same header on every response gives
// the workers this policy too.
var CSP = strings.Join([]string{
	"default-src 'none'",
	"script-src 'self' 'wasm-unsafe-eval'",
	"worker-src 'self'",
	"connect-src 'self'",
	"style-src 'self'",
	"style-src-attr 'unsafe-inline'",
	"img-src 'self'",
	"manifest-src 'self'",
	"frame-src 'self'",
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors *",
}, "; ")

// Security is the headers every response carries besides Isolation: the
// CSP; nosniff, so that a file is used only as what its type says (a
// checkpoint never runs as a script); and no Referer, so that the lab's
// URL, which holds its whole configuration, is not sent along when a
// reader follows a link out of it.
var Security = [][2]string{
	{"Content-Security-Policy", CSP},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
}

// Hardened serves h with the Security headers, answering only GET and
// HEAD: the lab has nothing to post to, so any other method gets 405 with
// an Allow header.
func Hardened(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, kv := range Security {
			w.Header().Set(kv[0], kv[1])
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method "+r.Method+" is not allowed: the lab answers GET and HEAD only", http.StatusMethodNotAllowed)
			return
		}
		h.ServeHTTP(w, r)
	})
}
