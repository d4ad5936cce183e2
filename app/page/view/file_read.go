package view

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// MaxCheckpointBytes is the largest checkpoint file the page reads: the
// limit of train.ReadCheckpoint (a test checks they agree), far above any
// encoder the lab trains.
const MaxCheckpointBytes = 64 << 20

// readTextFile reads a file the reader picked as text and hands it to
// done, after checking its size: a file over limit is refused with a
// message naming it, what it is and the limit, before any of it is read
// (reading 300 MB would take the tab gigabytes of memory). what says what
// the file should be, as in "a checkpoint".
func readTextFile(ctx app.Context, file app.Value, limit int, what string, done func(name, text string)) {
	if !file.Truthy() {
		return
	}
	name := file.Get("name").String()
	if size := file.Get("size").Int(); size > limit {
		ctx.NewActionWithValue(ActRefuseFile, fmt.Sprintf("The file %s was not read: it has %s bytes, more than the %d MiB (%s bytes) %s can have",
			name, groupThousands(size), limit>>20, groupThousands(limit), what))
		return
	}
	file.Call("text").Then(func(text app.Value) { done(name, text.String()) })
}
