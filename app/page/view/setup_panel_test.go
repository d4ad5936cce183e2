package view

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"sslab/app/session"
	"sslab/ml/config"
)

// control returns the opening tag of the element with the given id.
func control(h, id string) string {
	return regexp.MustCompile(`<(input|select)[^>]*id="` + id + `"[^>]*>`).FindString(h)
}

// TestSetupAsksTheSchema checks that a setting that does not apply is
// under "Not used with these settings", disabled, with the schema's
// reason, and that the others can be edited.
func TestSetupAsksTheSchema(t *testing.T) {
	cfg, err := config.Preset("digits-byol")
	if err != nil {
		t.Fatal(err)
	}
	h := pageHTML(t, mount(t, &SetupPanel{Config: cfg}))
	unused := h[strings.Index(h, `class="unused"`):]
	temp, _ := config.Lookup("temp")
	for _, id := range []string{"f-temp", "f-mask", "f-corrupt"} {
		if c := control(unused, id); c == "" || !strings.Contains(c, "disabled") {
			t.Errorf("%s is not a disabled control under the unused settings: %q", id, c)
		}
	}
	if want := html.EscapeString(capitalize(temp.NotApplies(&cfg))); !strings.Contains(unused, want) {
		t.Errorf("the temperature's control does not say %q", want)
	}
	for _, id := range []string{"f-ema", "f-pred", "f-rot", "f-workers", "f-objective"} {
		if c := control(h, id); c == "" || strings.Contains(c, "disabled") {
			t.Errorf("%s is not an editable control: %q", id, c)
		}
		if strings.Contains(unused, `id="`+id+`"`) {
			t.Errorf("%s is listed as unused", id)
		}
	}
}

// TestSetupOnUserFile checks the rule the schema cannot apply alone: on
// the user's file, image augmentations apply only if it holds images.
func TestSetupOnUserFile(t *testing.T) {
	cfg := config.Default()
	cfg.Dataset, cfg.Standardize = config.CSVDataset, true
	table := &session.DataInfo{Name: "pets.csv", Rows: 40, Columns: 2, Classes: 2, Tasks: []config.Task{config.Classification}}
	h := pageHTML(t, mount(t, &SetupPanel{Config: cfg, Data: table}))
	if c := control(h, "f-rot"); !strings.Contains(c, "disabled") || !strings.Contains(h, "pets.csv, whose features are not an image") {
		t.Errorf("rotation on a table of features: %q", c)
	}
	if c := control(h, "f-jitter"); c == "" || strings.Contains(c, "disabled") {
		t.Errorf("jitter on a table of features: %q", c)
	}
	images := *table
	images.Width, images.Height, images.Columns = 8, 8, 64
	h = pageHTML(t, mount(t, &SetupPanel{Config: cfg, Data: &images}))
	if c := control(h, "f-rot"); c == "" || strings.Contains(c, "disabled") {
		t.Errorf("rotation on a file of images: %q", c)
	}
	if c := control(h, "f-jitter"); !strings.Contains(c, "disabled") {
		t.Errorf("jitter on a file of images: %q", c)
	}
}
