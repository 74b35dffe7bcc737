package questions

import "testing"

// BenchmarkGradeTypedResponses grades typed answers that take every path of
// the text grader: exact, reworded, one typo away, and wrong.
func BenchmarkGradeTypedResponses(b *testing.B) {
	cases := []struct {
		q    *Question
		resp string
	}{
		{&Question{Type: ShortAnswer, Answer: "Armenia", Accept: []string{"Republic of Armenia"}}, "Armenia"},
		{&Question{Type: ShortAnswer, Answer: "Kyrgyzstan", Accept: []string{"Kyrgyz Republic"}}, "Kyrgystan"},
		{&Question{Type: ShortAnswer, Answer: "Russia"}, "Prussia"},
		{&Question{Type: ShortAnswer, Answer: "peace"}, "place"},
		{&Question{Type: Cloze, Answer: "World War II"}, "the Second World War"},
		{&Question{Type: ShortAnswer, Answer: "Nikol Pashinyan"}, "Prime Minister Pashinyan"},
		{&Question{Type: ShortAnswer, Answer: "Belarus and Kazakhstan"}, "Kazakhstan, Belarus"},
		{&Question{Type: ShortAnswer, Answer: "defense and security policy"}, "defense and security"},
		{&Question{Type: ShortAnswer, Answer: "North Korea"}, "DPRK"},
		{&Question{Type: ShortAnswer, Answer: "7 January 2022"}, "January 7th, 2022"},
		{&Question{Type: ShortAnswer, Answer: "January 2022"}, "January"},
		{&Question{Type: ShortAnswer, Answer: "South Caucasus"}, "South Caucasis"},
		{&Question{Type: ShortAnswer, Answer: "Azerbaijan"}, "Georgia"},
	}
	for _, c := range cases {
		if _, err := Grade(c.q, []string{c.resp}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		for _, c := range cases {
			if _, err := Grade(c.q, []string{c.resp}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(cases)), "responses/op")
}
