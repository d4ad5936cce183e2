package view

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// IssueList shows the URL parameters that were refused at load, each with
// the value used instead. The texts come from the URL, so they are shown
// as text only.
type IssueList struct {
	app.Compo

	Issues []string
}

func (il *IssueList) Render() app.UI {
	if len(il.Issues) == 0 {
		return app.Div().Class("issues-none")
	}
	return app.Section().Class("issues").Aria("live", "polite").Body(
		app.H2().Text("Some URL parameters were not used"),
		app.Ul().Body(app.Range(il.Issues).Slice(func(i int) app.UI {
			return app.Li().Class("issue").Text(il.Issues[i])
		})),
	)
}
