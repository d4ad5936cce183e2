package config_test

import (
	"flag"
	"fmt"
	"net/url"

	"sslab/ml/config"
)

// A page reads its whole state from the URL. Bad parameters are reported
// and keep the preset's value; the good ones still apply.
func ExampleDecode() {
	q, _ := url.ParseQuery("preset=digits-byol&lr=0.01&epochs=1.5&act=ReLU&color=red")
	c, errs := config.Decode(q)
	fmt.Println(c)
	for _, e := range errs {
		fmt.Println(e)
	}
	// Output:
	// digits byol enc 128-64 | proj 64-32 | pred 32 | batch 64 | 50 epochs | adam lr 0.01 | ema 0.99
	// parameter "act": value "ReLU" is not one of the choices (names are case-sensitive: did you mean "relu"?); allowed: relu, tanh, gelu
	// parameter "epochs": value "1.5" is not a whole number; allowed: 1 to 1000
	// parameter "color": value "red" is ignored: unknown parameter; allowed: preset, data, task, std, objective, enc, proj, pred, act, dmodel, layers, heads, ffn, maxlen, epochs, steps, batch, lr, opt, wd, temp, negatives, stopgrad, lambda, ema, vsim, vvar, vcov, mask, window, kneg, rot, scale, shift, drop, cutout, neighbours, hops, corrupt, noise, jitter, shots, fsseeds, pstd, aepochs, ftlr, tsents, lsents, seed, ckpt, workers, panels, embed, autorun, parent
}

// A course author's embed link holds the preset and only what differs
// from it.
func ExampleConfig_Query() {
	c, _ := config.Preset("moons-simclr")
	c.Temperature = 0.1
	c.Panels = []string{"pretrain", "adapt"}
	c.Embed = true
	fmt.Println("https://example.org/sslab/?" + c.Query())
	// Output:
	// https://example.org/sslab/?embed=1&panels=pretrain,adapt&preset=moons-simclr&temp=0.1
}

// Rules between parameters are checked by Validate.
func ExampleConfig_Validate() {
	c := config.Default()
	c.Task = "regression"
	c.Batch = 4096
	fmt.Println(c.Validate())
	// Output:
	// parameter "batch": value "4096" is out of range; allowed: 4 to 2048
	// parameter "task": value "regression" is not available with data "digits"; allowed with "digits": classification
}

// The CLI gets one flag per parameter. Flags override the preset only when
// given.
func ExampleNewFlags() {
	fs := flag.NewFlagSet("sslab", flag.ContinueOnError)
	flags := config.NewFlags(fs)
	if err := fs.Parse([]string{"-lr", "0.01", "-preset", "digits-mae"}); err != nil {
		fmt.Println(err)
		return
	}
	c, err := flags.Config()
	fmt.Println(c, err)
	// Output:
	// digits mae enc 128-64 | proj none | batch 64 | 100 epochs | adam lr 0.01 | mask 0.25 <nil>
}

// A UI control is built from a Field and edits a Config through Set, which
// gives the same messages as URLs and flags.
func ExampleLookup() {
	f, _ := config.Lookup("mask")
	fmt.Printf("%s (%s): %s\n", f.Label, f.Allowed(), f.Help)
	c := config.Default()
	fmt.Println(f.Set(&c, "0.99"))
	fmt.Println(f.Set(&c, "0.75"), f.Get(&c))
	// Output:
	// Mask ratio (0.05 to 0.95): fraction of the input hidden: pixels or features by masked autoencoding, tokens by masked-token prediction (BERT: 0.15)
	// parameter "mask": value "0.99" is out of range; allowed: 0.05 to 0.95
	// <nil> 0.75
}
