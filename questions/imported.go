package questions

// Imported is what a file format's parser reads from a file: questions with
// stable IDs, and what it left out.
type Imported struct {
	// Title is a title the file itself gives (a bank's title, a deck's
	// name), or "".
	Title     string
	Slug      string
	Source    Source
	Questions []Question
	Skipped   []Skipped
	// Notes are things worth telling about the file, such as media left out.
	Notes []string
}

// Bank makes a bank of the imported questions, with the given title and
// slug, or the file's own when they are empty.
func (im *Imported) Bank(title, slug string) *Bank {
	if title == "" {
		title = im.Title
	}
	if slug == "" {
		slug = im.Slug
	}
	if slug == "" {
		slug = Slugify(title)
	}
	b := &Bank{Slug: slug, Title: title, Source: im.Source, Questions: im.Questions}
	if b.Source.Title == "" {
		b.Source.Title = title
	}
	b.Stamp()
	return b
}
