package text_test

import (
	"fmt"

	"sslab/ml/data/text"
)

func ExampleUniversalTag() {
	for _, tag := range []string{"nn-tl", "np$", "bedz*", "ppss+md", "wdt", "--", "fw-nn", "nr"} {
		fmt.Println(tag, text.UniversalTag(tag))
	}
	// Output:
	// nn-tl NOUN
	// np$ NOUN
	// bedz* VERB
	// ppss+md PRON
	// wdt DET
	// -- .
	// fw-nn X
	// nr X
}
