package view

import (
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// mount loads c in go-app's test engine and returns it.
func mount[C app.Composer](t *testing.T, c C) C {
	t.Helper()
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return c
}

// pageHTML returns the HTML a mounted component renders to.
func pageHTML(t *testing.T, c app.Composer) string {
	t.Helper()
	return app.HTMLString(c)
}
