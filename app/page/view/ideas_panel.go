package view

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
)

// IdeasPanel shows every idea when the views themselves are hidden
// (panels=ideas alone).
type IdeasPanel struct {
	app.Compo

	Objective config.Objective
}

func (p *IdeasPanel) Render() app.UI {
	topics := []string{"pretrain", "probe", "finetune", "collapse"}
	if c, ok := pictureCards[session.PictureOf(p.Objective)]; ok {
		topics = append([]string{c.idea}, topics...)
	}
	return app.Section().Class("panel ideas-panel").Body(
		app.H2().Class("panel-title").Text("The ideas"),
		app.Div().Class("ideas-grid").Body(app.Range(topics).Slice(func(k int) app.UI {
			return &Idea{Topic: topics[k], Level: 3}
		})),
	)
}
