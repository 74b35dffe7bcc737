package views

// The sample data of the question browser and editor (issue 11), for
// TestEveryPageRenders.
func init() {
	samples["questions"] = QuestionsPage{Bank: BankRef{1, "<script>alert(1)</script>"}, Q: `"><script>x</script>`, Topics: []string{"<i>t</i>"},
		Types: []string{"flashcard"}, Statuses: []Choice{{"active", "In use"}}, Columns: []SortColumn{{Label: "Attempts", URL: "/banks/1/questions?sort=attempts", Sorted: "ascending"}},
		Rows:  []QuestionLine{{ID: "q1", URL: "/banks/1/questions/q1", Prompt: "<img src=x onerror=1>", Answer: "<b>g</b>", Retired: true, OpenAppeals: 1}},
		Total: 51, Page: 1, Pages: 2, NextURL: "/banks/1/questions?page=2"}
	samples["question_edit"] = QuestionEditPage{Bank: BankRef{1, "B"}, Action: "/banks/1/questions/q1", Version: 2, Types: []string{"multiple_choice"},
		Form: QuestionForm{ID: "q1", Type: "multiple_choice", Prompt: "<img src=x onerror=1>", Choices: []ChoiceField{{Index: 0, Text: "<b>g</b>", Right: true}},
			Pairs: []PairField{{Index: 0, Left: "<i>t</i>"}}},
		Errors: map[string]string{"prompt": "<b>g</b>"}, Error: "bad", Stale: &StaleQuestion{Version: 3, Prompt: "<script>alert(1)</script>"},
		Versions: []VersionLine{{Version: 2, Author: "<b>g</b>", Current: true}, {Version: 1, RestoreURL: "/banks/1/questions/q1/versions/1/restore"}}}
}
