package text

import "testing"

func TestUniversalTag(t *testing.T) {
	for _, tc := range []struct {
		brown string
		want  Tag
	}{
		{"nn", Noun}, {"nns", Noun}, {"nn-tl", Noun}, {"nn-tl-hl", Noun}, {"np$", Noun}, {"nps$-tl", Noun}, {"nn+bez", Noun},
		{"vb", Verb}, {"vbd", Verb}, {"bez", Verb}, {"bez*", Verb}, {"bedz", Verb}, {"do*", Verb}, {"hvd", Verb}, {"md", Verb}, {"md*", Verb}, {"vb+ppo", Verb},
		{"jj", Adj}, {"jjr", Adj}, {"jjt-tl", Adj}, {"jj+jj-nc", Adj},
		{"rb", Adv}, {"rbr", Adv}, {"wrb", Adv}, {"ql", Adv}, {"qlp", Adv}, {"rn", Adv}, {"rb$", Adv},
		{"rp", Prt}, {"to", Prt}, {"to-hl", Prt},
		{"pp$", Pron}, {"pp$$", Pron}, {"pps", Pron}, {"ppss+md", Pron}, {"wps", Pron}, {"wp$", Pron}, {"wpo", Pron}, {"ex", Pron},
		{"at", Det}, {"ap", Det}, {"ap$", Det}, {"abn", Det}, {"abx", Det}, {"dt", Det}, {"dti", Det}, {"dts+bez", Det}, {"wdt", Det},
		{"in", Adp}, {"in-tl", Adp},
		{"cd", Num}, {"cd$", Num}, {"od-tl", Num},
		{"cc", Conj}, {"cs", Conj},
		{".", Punct}, {",", Punct}, {":", Punct}, {"(", Punct}, {")", Punct}, {"--", Punct}, {"---hl", Punct}, {"``", Punct}, {"''", Punct}, {"'", Punct}, {".-hl", Punct},
		// fw* and everything the rules do not name
		{"fw-nn", X}, {"fw-in+at-tl", X}, {"fw-*", X}, {"uh", X}, {"nr", X}, {"pn", X}, {"abl", X}, {"wql", X}, {"nil", X},
		{"*", X}, {"*-hl", X}, // the negation tag (not, n't): an empty base
		{"in+ppo", X}, {"ex+bez", X}, {"to+vb", X}, {"md+hv", X}, // exact rules do not match compounds
	} {
		if got := UniversalTag(tc.brown); got != tc.want {
			t.Errorf("UniversalTag(%q) = %v, want %v", tc.brown, got, tc.want)
		}
	}
}

func TestTagNames(t *testing.T) {
	names := TagNames()
	if len(names) != NumTags || names[Noun] != "NOUN" || names[Punct] != "." || names[X] != "X" {
		t.Fatalf("TagNames() = %v", names)
	}
	if Tag(12).String() != "Tag(12)" {
		t.Fatalf("an invalid tag prints as %q", Tag(12).String())
	}
}

func TestInformative(t *testing.T) {
	if len(Genres) != 15 {
		t.Fatalf("%d genres", len(Genres))
	}
	for _, g := range []string{"news", "editorial", "reviews", "religion", "hobbies", "lore", "belles_lettres", "government", "learned"} {
		if !Informative(g) {
			t.Errorf("%s is informative prose", g)
		}
	}
	for _, g := range []string{"fiction", "mystery", "science_fiction", "adventure", "romance", "humor", "poetry"} {
		if Informative(g) {
			t.Errorf("%s is not informative prose", g)
		}
	}
}

func TestSplit(t *testing.T) {
	var docs []Document
	for _, id := range []string{"ca01", "ca02", "ca03", "ca04", "ca05", "ca06", "ca07", "ca08", "cr01", "cr02", "cr03", "cr04"} {
		g := "news"
		if id[1] == 'r' {
			g = "humor"
		}
		docs = append(docs, Document{ID: id, Genre: g})
	}
	Split(docs)
	var test []string
	for _, d := range docs {
		if d.Test {
			test = append(test, d.ID)
		}
	}
	if want := []string{"ca04", "ca08", "cr04"}; len(test) != 3 || test[0] != want[0] || test[1] != want[1] || test[2] != want[2] {
		t.Fatalf("test documents %v, want %v", test, want)
	}
}
