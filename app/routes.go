package main

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routesOnce sync.Once

// registerRoutes declares the lab's one page. The server needs the routes
// to prerender, the client to mount.
func registerRoutes() {
	routesOnce.Do(func() {
		app.Route("/", func() app.Composer { return &Lab{Trainer: newTrainer()} })
	})
}
