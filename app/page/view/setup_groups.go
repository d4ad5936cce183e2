package view

import "sslab/ml/config"

// setupGroup is a titled group of the set-up column's controls.
type setupGroup struct {
	Title string
	Names []string // config field keys, in display order
}

// setupGroups orders every config field into the set-up column, by the
// schema's groups.
func setupGroups() []setupGroup {
	var out []setupGroup
	for _, f := range config.Fields() {
		if len(out) == 0 || out[len(out)-1].Title != f.Group {
			out = append(out, setupGroup{Title: f.Group})
		}
		g := &out[len(out)-1]
		g.Names = append(g.Names, f.Name)
	}
	return out
}
