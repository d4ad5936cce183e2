package page

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routesOnce sync.Once

// Register declares the lab's one page with go-app (at the base path and
// as its index.html): the server needs the
// route to prerender the page, the browser to mount it. Calling it again
// does nothing.
func Register() {
	routesOnce.Do(func() {
		app.Route("/", func() app.Composer { return &Lab{Trainer: newTrainer()} })
		// Course sites often link to a page as .../index.html.
		app.Route("/index.html", func() app.Composer { return &Lab{Trainer: newTrainer()} })
	})
}
