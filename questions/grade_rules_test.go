package questions

import (
	"encoding/json"
	"strings"
	"testing"
)

// gradeRule is one row of a grading rule's table: a key (with its accepted
// answers), a response, and the verdict a teacher would give.
type gradeRule struct {
	answer   string
	accept   []string
	response string
	want     bool
	typo     bool
}

// checkRules grades every row as a short answer and as a cloze: the two
// must agree, since a cloze accepts all that the same fact's short answer
// accepts.
func checkRules(t *testing.T, rows []gradeRule) {
	t.Helper()
	for _, tc := range rows {
		for _, typ := range []Type{ShortAnswer, Cloze, Flashcard} {
			name := string(typ) + "/" + tc.response + " for " + tc.answer
			t.Run(name, func(t *testing.T) {
				q := &Question{Type: typ, Answer: tc.answer, Accept: tc.accept}
				r, err := Grade(q, []string{tc.response})
				if err != nil {
					t.Fatalf("Grade: %v", err)
				}
				if r.Correct != tc.want || r.Typo != tc.typo {
					t.Errorf("Grade(%q) for %q = correct %v typo %v, want correct %v typo %v",
						tc.response, tc.answer, r.Correct, r.Typo, tc.want, tc.typo)
				}
			})
		}
	}
}

func TestGradeTitlesAndHonorifics(t *testing.T) {
	checkRules(t, []gradeRule{
		{answer: "Tokayev", response: "President Tokayev", want: true},
		{answer: "Tokayev", response: "president tokayev", want: true},
		{answer: "Tokayev", response: "President Kassym-Jomart Tokayev", want: true},
		{answer: "Nikol Pashinyan", response: "Prime Minister Pashinyan", want: true},
		{answer: "Nikol Pashinyan", response: "Prime Minister Nikol Pashinyan", want: true},
		{answer: "Nikol Pashinyan", response: "PM Pashinyan", want: true},
		{answer: "President Tokayev", response: "Tokayev", want: true},
		{answer: "President Tokayev", response: "Kassym-Jomart Tokayev", want: true},
		{answer: "Sergei Lavrov", response: "Foreign Minister Lavrov", want: true},
		{answer: "Sergei Lavrov", response: "Minister Lavrov", want: true},
		{answer: "Lukashenko", response: "Mr. Lukashenko", want: true},
		{answer: "Lukashenko", response: "Dr Lukashenko", want: true},
		{answer: "Gerasimov", response: "General Gerasimov", want: true},
		{answer: "Charles III", response: "King Charles III", want: true},
		// "General" and "King" also begin the names of things: without
		// them the rest must be the whole name.
		{answer: "General Assembly", response: "National Assembly", want: false},
		{answer: "National Assembly", response: "General Assembly", want: false},
		{answer: "Valery Gerasimov", response: "General Gerasimov", want: false},
		{answer: "Valery Gerasimov", response: "General Valery Gerasimov", want: true},
		// A title is no name: the title alone, another person, the given
		// name alone, and an office ("President of ...") are refused.
		{answer: "Tokayev", response: "President", want: false},
		{answer: "Tokayev", response: "President Putin", want: false},
		{answer: "Nikol Pashinyan", response: "Prime Minister Nikol", want: false},
		{answer: "Nikol Pashinyan", response: "Pashinyan Nikol", want: false},
		{answer: "Kazakhstan", response: "President of Kazakhstan", want: false},
		{answer: "President", response: "President", want: true},
		{answer: "Prime Minister", response: "Minister", want: false},
		// Without a title nothing says the key is a person: a part of a
		// name is not the name ("Korea" is not "North Korea").
		{answer: "North Korea", response: "Korea", want: false},
		{answer: "Nikol Pashinyan", response: "Pashinyan", want: false},
	})
}

func TestGradeLists(t *testing.T) {
	checkRules(t, []gradeRule{
		{answer: "Belarus and Kazakhstan", response: "Belarus and Kazakhstan", want: true},
		{answer: "Belarus and Kazakhstan", response: "Kazakhstan and Belarus", want: true},
		{answer: "Belarus and Kazakhstan", response: "Belarus, Kazakhstan", want: true},
		{answer: "Belarus and Kazakhstan", response: "Kazakhstan, Belarus", want: true},
		{answer: "Belarus and Kazakhstan", response: "Belarus & Kazakhstan", want: true},
		{answer: "Belarus and Kazakhstan", response: "Belarus; Kazakhstan", want: true},
		{answer: "Belarus and Kazakhstan", response: "kazakhstan and the Republic of Belarus", want: true},
		{answer: "Belarus and Kazakhstan", response: "Belarus and Kazakstan", want: true, typo: true},
		{answer: "Armenia, Belarus and Kazakhstan", response: "Kazakhstan, Armenia, and Belarus", want: true},
		{answer: "Tokayev and Pashinyan", response: "Prime Minister Pashinyan and President Tokayev", want: true},
		// A list must have exactly the key's members.
		{answer: "Belarus and Kazakhstan", response: "Belarus", want: false},
		{answer: "Belarus and Kazakhstan", response: "Belarus, Kazakhstan and Armenia", want: false},
		{answer: "Belarus and Kazakhstan", response: "Belarus and Armenia", want: false},
		{answer: "Belarus and Kazakhstan", response: "Belarus and Belarus", want: false},
		{answer: "Belarus and Kazakhstan", response: "Belaruss and Kazakstan", want: false},
		{answer: "Belarus and Kazakhstan", response: "Belarus Kazakhstan Armenia", want: false},
		// Only a key that is a list is read as one.
		{answer: "Kazakhstan", response: "Kazakhstan and Belarus", want: false},
		{answer: "Kazakhstan", response: "Kazakhstan, Kazakhstan", want: false},
		// A country named with "and" is one name, not a list of two.
		{answer: "Trinidad and Tobago", response: "Trinidad and Tobago", want: true},
		{answer: "Trinidad and Tobago", response: "Tobago and Trinidad", want: false},
		{answer: "Trinidad and Tobago", response: "Trinidad", want: false},
		{answer: "Bosnia and Herzegovina and Armenia", response: "Armenia and Bosnia and Herzegovina", want: true},
		// Thousands separators are no list separators.
		{answer: "1,000 troops and 50 vehicles", response: "50 vehicles and 1,000 troops", want: true},
		{answer: "1,000 troops and 50 vehicles", response: "1 and 000 troops and 50 vehicles", want: false},
	})
}

func TestGradeAliases(t *testing.T) {
	checkRules(t, []gradeRule{
		{answer: "North Korea", response: "DPRK", want: true},
		{answer: "North Korea", response: "D.P.R.K.", want: true},
		{answer: "North Korea", response: "the Democratic People's Republic of Korea", want: true},
		{answer: "DPRK", response: "North Korea", want: true},
		{answer: "Russia", response: "the Russian Federation", want: true},
		{answer: "Kyrgyzstan", response: "Kyrgyz Republic", want: true},
		{answer: "Belarus", response: "Belorussia", want: true},
		{answer: "CSTO", response: "Collective Security Treaty Organisation", want: true},
		{answer: "Collective Security Treaty Organization", response: "CSTO", want: true},
		{answer: "Collective Security Treaty Organization", response: "the Collective Security Treaty Organisation", want: true},
		{answer: "United States", response: "U.S.", want: true},
		{answer: "Syria and North Korea", response: "DPRK and Syria", want: true},
		// The accepted answers still count, and other names stay other
		// countries.
		{answer: "Armenia", accept: []string{"Hayastan"}, response: "Hayastan", want: true},
		{answer: "North Korea", response: "South Korea", want: false},
		{answer: "North Korea", response: "ROK", want: false},
		{answer: "South Korea", response: "DPRK", want: false},
		{answer: "Russia", response: "USSR", want: false},
		{answer: "Russia", response: "Russian", want: false},
		{answer: "NATO", response: "CSTO", want: false},
	})
}

func TestGradeNumeralsAndOrdinals(t *testing.T) {
	checkRules(t, []gradeRule{
		{answer: "World War II", response: "World War II", want: true},
		{answer: "World War II", response: "WWII", want: true},
		{answer: "World War II", response: "WW2", want: true},
		{answer: "World War II", response: "WW II", want: true},
		{answer: "World War II", response: "World War 2", want: true},
		{answer: "World War II", response: "World War Two", want: true},
		{answer: "World War II", response: "Second World War", want: true},
		{answer: "World War II", response: "the Second World War", want: true},
		{answer: "World War II", response: "the 2nd World War", want: true},
		{answer: "the Second World War", response: "WWII", want: true},
		{answer: "World War I", response: "the First World War", want: true},
		{answer: "World War I", response: "the Great War", want: true},
		{answer: "Article VII", response: "Article 7", want: true},
		{answer: "Article 7", response: "article seven", want: true},
		{answer: "the 102nd military base", response: "102 military base", want: true},
		// One number is never another.
		{answer: "World War II", response: "World War I", want: false},
		{answer: "World War II", response: "WWI", want: false},
		{answer: "World War II", response: "the First World War", want: false},
		{answer: "World War II", response: "World War III", want: false},
		{answer: "World War I", response: "World War II", want: false},
		{answer: "World War I", response: "Second World War", want: false},
		{answer: "Article VII", response: "Article 3", want: false},
		{answer: "Article VII", response: "Article VI", want: false},
		// Words that merely look like numerals are words.
		{answer: "civil war", response: "civil war", want: true},
		{answer: "World War II", response: "world war", want: false},
	})
}

func TestGradeGenericHeadNoun(t *testing.T) {
	checkRules(t, []gradeRule{
		{answer: "defense and security policy", response: "defense and security", want: true},
		{answer: "defense and security policy", response: "security and defense", want: true},
		{answer: "defense and security policy", response: "defence and security", want: true},
		{answer: "defense and security policy", response: "defense and security issues", want: true},
		{answer: "defense and security", response: "defense and security policy", want: true},
		{answer: "foreign and defence affairs", response: "foreign and defence", want: true},
		// The head noun goes only off a coordination, and every
		// coordinated member must be there.
		{answer: "defense and security policy", response: "defense", want: false},
		{answer: "defense and security policy", response: "security", want: false},
		{answer: "defense and security policy", response: "security policy", want: false},
		{answer: "defense and security policy", response: "defense and economic policy", want: false},
		{answer: "defense and security policy", response: "defense and security and trade", want: false},
		{answer: "foreign policy", response: "foreign", want: false},
		{answer: "security policy", response: "security", want: false},
	})
}

func TestGradeTypoIsNeverAnotherWord(t *testing.T) {
	checkRules(t, []gradeRule{
		// Slips that are no words are typos.
		{answer: "Kyrgyzstan", response: "Kyrgystan", want: true, typo: true},
		{answer: "Russia", response: "Rusia", want: true, typo: true},
		{answer: "peace", response: "peacce", want: true, typo: true},
		{answer: "joint", response: "jiont", want: false},
		{answer: "joint", response: "joimt", want: true, typo: true},
		{answer: "South Caucasus", response: "South Caucasis", want: true, typo: true},
		{answer: "Azerbaijan", response: "Azerbajan", want: true, typo: true},
		// A response word that is itself a word, or a place, is another
		// answer.
		{answer: "peace", response: "place", want: false},
		{answer: "peace", response: "peach", want: false},
		{answer: "Russia", response: "Prussia", want: false},
		{answer: "joint", response: "point", want: false},
		{answer: "treaty", response: "treats", want: false},
		{answer: "Armenia", response: "Armenian", want: false},
		{answer: "Zambia", response: "Gambia", want: false},
		{answer: "common border", response: "common boarder", want: false},
		// The same word in another spelling or number is no other word.
		{answer: "defence", response: "defense", want: true},
		{answer: "organisation", response: "organization", want: true},
		{answer: "Shanghai Cooperation Organization", response: "Shanghai Cooperation Organisation", want: true},
		{answer: "centre", response: "center", want: true},
		{answer: "peacekeepers", response: "peacekeeper", want: true, typo: true},
		{answer: "filled", response: "filed", want: false},
	})
}

func TestGradeDateAtTheAskedPrecision(t *testing.T) {
	rows := []struct {
		name         string
		answer       string
		yearOptional bool
		response     string
		want         bool
	}{
		{"month asked: the month", "January 2022", true, "January", true},
		{"month asked: abbreviated", "January 2022", true, "Jan.", true},
		{"month asked: in the month", "January 2022", true, "in January", true},
		{"month asked: month and year", "January 2022", true, "January 2022", true},
		{"month asked: ISO", "January 2022", true, "2022-01", true},
		{"month asked: wrong month", "January 2022", true, "February", false},
		{"month asked: wrong year", "January 2022", true, "January 2021", false},
		{"month asked: a day is not a month", "January 2022", true, "7 January", false},
		{"month asked: two months", "January 2022", true, "January February", false},
		{"month and year asked: the month alone", "January 2022", false, "January", false},
		{"day without year: day and month", "8 August 2024", true, "August 8", true},
		{"day without year: day first", "8 August 2024", true, "8 August", true},
		{"day without year: ordinal", "8 August 2024", true, "the 8th of August", true},
		{"day without year: full date", "8 August 2024", true, "August 8, 2024", true},
		{"day without year: wrong day", "8 August 2024", true, "August 9", false},
		{"day without year: wrong year", "8 August 2024", true, "August 8, 2023", false},
		{"day without year: the month alone", "8 August 2024", true, "August", false},
		{"day with year asked: day and month alone", "8 August 2024", false, "August 8", false},
	}
	for _, tc := range rows {
		for _, typ := range []Type{ShortAnswer, Cloze} {
			t.Run(string(typ)+"/"+tc.name, func(t *testing.T) {
				q := &Question{Type: typ, Answer: tc.answer, YearOptional: tc.yearOptional}
				r, err := Grade(q, []string{tc.response})
				if err != nil {
					t.Fatal(err)
				}
				if r.Correct != tc.want {
					t.Errorf("Grade(%q) for %q (year optional %v) = %v, want %v", tc.response, tc.answer, tc.yearOptional, r.Correct, tc.want)
				}
			})
		}
	}
}

func TestYearOptionalValidation(t *testing.T) {
	base := Question{ID: "q1", Topic: "dates", Prompt: "In which month did the unrest break out?", Type: ShortAnswer, Answer: "January 2022", YearOptional: true}
	if err := base.Validate(); err != nil {
		t.Fatalf("a month answer with year_optional: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*Question)
	}{
		{"a year has no year to leave out", func(q *Question) { q.Answer = "1992" }},
		{"not a date", func(q *Question) { q.Answer = "Armenia" }},
		{"a date already without a year", func(q *Question) { q.Answer = "8 August" }},
		{"not a typed answer", func(q *Question) {
			q.Type, q.Choices, q.Answer = MultipleChoice, []string{"January 2022", "May 2022"}, "January 2022"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := base
			tc.edit(&q)
			err := q.Validate()
			if err == nil || !strings.Contains(err.Error(), "year_optional") {
				t.Errorf("Validate() = %v, want a year_optional problem", err)
			}
		})
	}
}

func TestYearOptionalInJSON(t *testing.T) {
	q := Question{ID: "q1", Type: ShortAnswer, Answer: "January 2022", YearOptional: true}
	data, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"year_optional":true`) {
		t.Errorf("JSON %s does not carry year_optional", data)
	}
	q.YearOptional = false
	if data, _ := json.Marshal(q); strings.Contains(string(data), "year_optional") {
		t.Errorf("JSON %s carries year_optional although it is false", data)
	}
}
