package page

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routesOnce sync.Once

// Register declares the lab's one page with go-app: the server needs the
// route to prerender the page, the browser to mount it. Calling it again
// does nothing.
func Register() {
	routesOnce.Do(func() {
		app.Route("/", func() app.Composer { return &Lab{Trainer: newTrainer()} })
	})
}
