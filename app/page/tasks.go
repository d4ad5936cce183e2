package page

import (
	"runtime"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The page's work comes in tasks of the browser's event loop, and a task
// over 50 ms is a stutter the reader feels. These helpers cut heavy updates
// into tasks of their own (sleepTask is per platform).

// taskGap is the pause between two pieces of a heavy update (the
// results' arrival, a snapshot's charts): about a frame.
const taskGap = 16 * time.Millisecond

// afterTask runs f on the UI goroutine in a later task of the browser,
// at least d from now (see sleepTask; ctx.After sleeps on a Go timer).
func afterTask(ctx app.Context, d time.Duration, f func(app.Context)) {
	ctx.Async(func() {
		sleepTask(d)
		ctx.Dispatch(f)
	})
}

// collectAtRest runs Go's collector while the page is at rest: once the
// page is built, and after a run's results. The page's wasm has one thread,
// so a collection runs whole inside whichever task's allocation triggers
// it, and the first one after building the page (thousands of js.Value
// finalizers) is a long one: at rest, it delays nothing, and the few during
// a run have little to collect.
func collectAtRest() {
	time.AfterFunc(time.Second, runtime.GC)
}
