package text

// Genres lists Brown's 15 genres (the names of its cats.txt), informative
// prose first.
var Genres = []string{
	"news", "editorial", "reviews", "religion", "hobbies", "lore", "belles_lettres", "government", "learned",
	"fiction", "mystery", "science_fiction", "adventure", "romance", "humor",
}

// informative is the first part of Genres: Brown's informative prose.
const informative = 9

// GenreIndex returns the index of genre in Genres, or -1.
func GenreIndex(genre string) int {
	for i, g := range Genres {
		if g == genre {
			return i
		}
	}
	return -1
}

// Informative reports whether genre is informative prose (news, editorial,
// reviews, religion, hobbies, lore, belles_lettres, government, learned)
// rather than imaginative prose (fiction, mystery, science_fiction,
// adventure, romance, humor): the sentence task's label, 1 for informative.
func Informative(genre string) bool {
	i := GenreIndex(genre)
	return i >= 0 && i < informative
}
