package extract

import (
	"os"
	"testing"
)

func BenchmarkSeedArticle(b *testing.B) {
	path := os.Getenv("QUIZD_ARTICLE")
	if path == "" {
		path = "../../../shared/material/csto-article.txt"
	}
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatalf("the seed article is needed beside the checkout: %v", err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Article(string(text), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
