package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/facts"
)

func mc(id, prompt, answer string, choices ...string) questions.Question {
	return questions.Question{ID: id, Topic: "t", Type: questions.MultipleChoice, Prompt: prompt, Answer: answer, Choices: choices, SourceRef: "paragraph 1"}
}

func tf(id, statement, answer string) questions.Question {
	return questions.Question{ID: id, Topic: "t", Type: questions.TrueFalse, Prompt: statement, Answer: answer, SourceRef: "paragraph 1"}
}

func short(id, prompt, answer string, accept ...string) questions.Question {
	return questions.Question{ID: id, Topic: "t", Type: questions.ShortAnswer, Prompt: prompt, Answer: answer, Accept: accept}
}

func cloze(id, prompt, answer string) questions.Question {
	return questions.Question{ID: id, Topic: "t", Type: questions.Cloze, Prompt: prompt, Answer: answer}
}

func explained(q questions.Question, e string) questions.Question {
	q.Explanation = e
	return q
}

func bank(qs ...questions.Question) *questions.Bank {
	return &questions.Bank{Slug: "b", Title: "B", Questions: qs}
}

// cleanBank is a small bank a careful teacher would sign off, with the
// near misses of every check: each looks like a problem one check looks
// for, and is not.
func cleanBank() *questions.Bank {
	return bank(
		explained(mc("m1", "Which of these countries is a member of the CSTO?", "Armenia", "Armenia", "Georgia", "Azerbaijan", "Turkey"),
			"Armenia joined the treaty in 1992 and froze its part in 2024."),
		// The negation makes it another question, a few letters apart.
		mc("m2", "Which of these countries is not a member of the CSTO?", "Uzbekistan", "Uzbekistan", "Russia", "Belarus", "Tajikistan"),
		// Same template, another subject: a different question.
		short("s1", "What does the source say of Russia's place in the CSTO?", "It leads the organisation."),
		short("s2", "What does the source say of Armenia's place in the CSTO?", "It froze its participation."),
		short("s3", "In which year did the CSTO take its present name, according to the article?", "2002"),
		// A true statement and its false twin differ in the detail on purpose.
		tf("t1", "The CSTO brings together six post-Soviet countries.", "true"),
		explained(tf("t2", "The CSTO brings together eight post-Soviet countries.", "false"),
			"It has six members: Russia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan and Armenia."),
		// A false statement's explanation may reuse its words to correct it.
		explained(tf("t3", "When listing the region's bodies, Tokayev named the CSTO first.", "false"),
			"When listing the region's bodies, Tokayev did not name the CSTO."),
		// A hedge inside reported speech: the report can be judged.
		tf("t4", "The press service said military help could come only on an official request.", "true"),
		// "May" the month is no hedge; "had had" is English.
		tf("t5", "By May 2024 Armenia had had enough of the CSTO alliance.", "true"),
		// The organisation is named in the same prompt.
		short("s6", "Which member of the CSTO is the leading power of the organisation?", "Russia"),
		// A stem that names the key and a distractor gives nothing away.
		mc("m8", "Which of these, Russia or Belarus, leads the CSTO?", "Russia", "Russia", "Belarus", "Armenia"),
		// A key a little longer than the distractors is no cue.
		mc("m9", "Why did the mission end so soon?", "Because order was restored within days", "Because order was restored within days",
			"Because Russia recalled its troops", "Because the CSTO ran out of money", "Because the unrest spread abroad"),
		cloze("c1", "Kazakhstan follows a _____ foreign policy.", "multi-vector"),
		explained(mc("m3", "Which of these kept a neutral position while trading with Russia?", "Kyrgyzstan", "Kyrgyzstan", "Ukraine", "Georgia", "Moldova"),
			"Bishkek kept trading to avoid Western sanctions."),
		// Stances that exclude each other.
		mc("m4", "What stance did Belarus take on Ukraine's Kursk operation?", "condemned it",
			"condemned it", "supported it", "stayed neutral on it", "said nothing"),
		// A question, then an instruction.
		questions.Question{ID: "m5", Topic: "t", Type: questions.MultipleChoice, Prompt: "Which of these expressed unambiguous support for Russia? Pick every one.",
			Answer: "Syria and North Korea", Answers: []string{"Syria", "North Korea"}, Choices: []string{"Syria", "North Korea", "China", "India"}},
		// The shared word is in a distractor too.
		mc("m6", "Which article of the CSTO Charter sets the goals of the organisation?", "Article 3", "Article 3", "Article 7", "Article 4", "Article 2"),
		// Bodies among bodies.
		mc("m7", "Which organisation is nicknamed \"Putin's little non-NATO\"?", "the CSTO", "the CSTO", "the SCO", "the CIS", "the EAEU"),
		short("s4", "Write out the full name of the organisation abbreviated CSTO.", "Collective Security Treaty Organization"),
		questions.Question{ID: "f1", Topic: "t", Type: questions.Flashcard, Prompt: "Union State", Answer: "The union of Russia and Belarus."},
		// A name may repeat a word.
		short("s5", "Which island did the treaty's drafters visit in 1991?", "Bora Bora"),
		questions.Question{ID: "o1", Topic: "t", Type: questions.Ordering, Prompt: "Put these events in time order, earliest first.",
			Items: []string{"The treaty was signed", "The CSTO was founded", "The Kursk incursion began"}},
		questions.Question{ID: "o2", Topic: "t", Type: questions.Ordering, Prompt: "Put these events in time order, earliest first.",
			Items: []string{"Kazakhstan asked for help", "The mission ended", "Tokayev published his article"}},
		questions.Question{ID: "p1", Topic: "t", Type: questions.Matching, Prompt: "Match each person to their role.",
			Pairs: []questions.Pair{{Left: "Kassym-Jomart Tokayev", Right: "President of Kazakhstan"}, {Left: "Nikol Pashinyan", Right: "Prime Minister of Armenia"}}},
	)
}

func TestCleanBankHasNoFindings(t *testing.T) {
	b := cleanBank()
	if err := b.Validate(); err != nil {
		t.Fatalf("the clean bank is not valid: %v", err)
	}
	for _, f := range Bank(b) {
		t.Errorf("unexpected finding %s", f)
	}
}

// TestEachCheck runs each check on a small bad bank: the finding must name
// the question and the code, and its message must be a sentence.
func TestEachCheck(t *testing.T) {
	members := []questions.Question{
		tf("k1", "Kazakhstan is a member of the CSTO.", "true"),
		explained(short("k2", "Which member of the CSTO forms the Union State with Russia?", "Belarus"), "Belarus and Russia share a union."),
	}
	tests := []struct {
		name string
		qs   []questions.Question
		want []string // "id code"
	}{
		{"duplicate prompt", []questions.Question{
			short("a", "Which country froze its participation in the CSTO?", "Armenia"),
			mc("b", "Which  country froze its participation in the CSTO ?", "Armenia", "Armenia", "Belarus", "Kyrgyzstan"),
		}, []string{"b duplicate-prompt"}},
		{"prompts that differ only by signs a reader sees", []questions.Question{
			short("a", "Who wrote C?", "Ritchie"),
			short("b", "Who wrote C++?", "Stroustrup"),
			short("c", "Who wrote C#?", "Hejlsberg"),
			short("d", "What does גת stand for?", "one"),
			short("e", "What does ג'ת stand for?", "two"),
			short("f", "Who wrote c++ ?", "Bjarne"),
			short("g", "What does צ'ג stand for?", "three"),
			short("h", "What does צג' stand for?", "four"),
			short("i", "What does גג' stand for?", "five"),
			short("j", "What does ג'ג stand for?", "six"),
		}, []string{"f duplicate-prompt"}},
		{"duplicate ordering", []questions.Question{
			{ID: "a", Topic: "t", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"X happened", "Y happened"}},
			{ID: "b", Topic: "t", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"Y happened", "X happened"}},
		}, []string{"b duplicate-prompt"}},
		{"near duplicate prompt", []questions.Question{
			short("a", "Which member of the CSTO asked the organisation for help during its unrest of January 2022?", "Kazakhstan"),
			mc("b", "Which of these members of the CSTO asked the organisation for help during its unrest of January 2022?", "Kazakhstan", "Kazakhstan", "Belarus", "Armenia"),
		}, []string{"b near-duplicate-prompt"}},
		{"near duplicate by a typo", []questions.Question{
			short("a", "Which country has frozen its participation in the CSTO?", "Armenia"),
			short("b", "Which country has frozen its particpation in the CSTO?", "Armenia"),
		}, []string{"b near-duplicate-prompt"}},
		{"ordering inside another", []questions.Question{
			{ID: "a", Topic: "t", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"The CSTO was founded", "Armenia froze its part"}},
			{ID: "b", Topic: "t", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"The treaty was signed", "The CSTO was founded", "Armenia froze its part"}},
			{ID: "c", Topic: "t", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"Armenia froze its part", "Tokayev wrote his article"}},
		}, []string{"a ordering-subset"}},
		{"cloze blanks the same sentence twice", []questions.Question{
			cloze("a", "The members of the CSTO are _____, Belarus and Armenia.", "Russia"),
			cloze("b", "The members of the CSTO are Russia, _____ and Armenia.", "Belarus"),
		}, []string{"b near-duplicate-prompt"}},
		{"cloze given away by a true statement", []questions.Question{
			tf("a", "Russia's 102nd military base is in Armenia.", "true"),
			cloze("b", "Russia's 102nd military base is in _____.", "Armenia"),
		}, []string{"b near-duplicate-prompt"}},
		{"distractor is the key by another name", []questions.Question{
			mc("a", "Which country supported Russia?", "North Korea", "North Korea", "DPRK", "China", "India"),
		}, []string{"a distractor-is-correct"}},
		{"distractor is an accepted answer", []questions.Question{
			short("a", "Who is the President of Kazakhstan?", "Kassym-Jomart Tokayev", "Tokayev"),
			mc("b", "Which of these asked the CSTO for help in January 2022?", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "Tokayev", "Nikol Pashinyan", "Vladimir Putin"),
		}, []string{"b distractor-is-correct"}},
		{"distractor in the keyed group", append(slices.Clone(members),
			mc("g", "Which of these kept a neutral position while trading with Russia?", "the other CSTO members", "the other CSTO members", "Kazakhstan", "Ukraine", "Georgia"),
		), []string{"g distractor-in-keyed-group", "g odd-option"}},
		{"keyed member inside a distractor group", append(slices.Clone(members),
			mc("g", "Which of these forms the Union State with Russia?", "Belarus", "Belarus", "members of the CSTO", "Ukraine", "Georgia"),
		), []string{"g distractor-in-keyed-group", "g odd-option"}},
		{"distractor in a group the bank lists", []questions.Question{
			explained(short("k", "How many members does the CSTO have?", "6"), "The CSTO's members are Russia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan and Armenia."),
			mc("g", "Which of these stayed neutral?", "the other CSTO members", "the other CSTO members", "Tajikistan", "the press service", "China"),
		}, []string{"g distractor-in-keyed-group"}},
		{"stance synonyms", []questions.Question{
			mc("a", "What stance did China take on the Kursk operation?", "stayed neutral on the Kursk operation",
				"stayed neutral on the Kursk operation", "avoided a clear position on the Kursk operation", "supported the Kursk operation", "condemned the Kursk operation"),
		}, []string{"a stance-synonyms"}},
		{"key repeats a word of the stem", []questions.Question{
			mc("a", "Which Moscow-led organisation did Tokayev leave out?", "the Moscow-led CSTO", "the Moscow-led CSTO", "the United Nations", "the European Union", "the OSCE"),
		}, []string{"a key-cue"}},
		{"key much longer than the distractors", []questions.Question{
			mc("a", "Why was the mission in Kazakhstan so short?", "Because the government wanted no foreign troops to stay once order was back",
				"Because the government wanted no foreign troops to stay once order was back", "Because of money", "Because Russia left", "Because of snow"),
		}, []string{"a key-longest"}},
		{"answer in the prompt", []questions.Question{
			short("a", "Who froze Armenia's participation in the CSTO?", "Armenia's leadership", "Armenia"),
			cloze("b", "_____ froze its participation, as Armenia's leaders said.", "Armenia"),
			mc("c", "Which Moscow-led body is led from Moscow?", "Moscow", "Moscow", "Minsk", "Astana"),
		}, []string{"a answer-in-prompt", "b answer-in-prompt", "c answer-in-prompt"}},
		{"matching pair matched by a word", []questions.Question{
			{ID: "a", Topic: "t", Type: questions.Matching, Prompt: "Match each one to their reaction.", Pairs: []questions.Pair{
				{Left: "Armenia's leadership", Right: "froze Armenia's participation"}, {Left: "Belarus", Right: "condemned the operation"}}},
		}, []string{"a key-cue"}},
		{"dangling reference", []questions.Question{
			tf("a", "It leads the organisation.", "true"),
			tf("b", "Kyrgyzstan leads the organisation.", "false"),
			short("c", "Which country asked the alliance for help?", "Kazakhstan"),
		}, []string{"a dangling-reference", "b dangling-reference", "c dangling-reference"}},
		{"too few choices", []questions.Question{
			mc("a", "Which article of the Charter sets the goals?", "Article 3", "Article 3", "Article 7"),
		}, []string{"a too-few-choices"}},
		{"a body among countries", []questions.Question{
			mc("a", "Which of these condemned Ukraine's Kursk operation?", "Belarus", "Belarus", "Kazakhstan", "the CSTO press service", "China"),
		}, []string{"a odd-option"}},
		{"a country among bodies", []questions.Question{
			mc("a", "Which organisation is nicknamed \"Putin's little non-NATO\"?", "the CSTO", "the CSTO", "the SCO", "the CIS", "Russia"),
		}, []string{"a odd-option"}},
		{"explanation equals the statement", []questions.Question{
			explained(tf("a", "Russia is the leading power of the CSTO.", "true"), "Russia is the leading power of the CSTO."),
		}, []string{"a explanation-restates"}},
		{"explanation equals the filled cloze", []questions.Question{
			explained(cloze("a", "The CSTO mission in Kazakhstan lasted only _____ days.", "5"), "The CSTO mission in Kazakhstan lasted only 5 days."),
		}, []string{"a explanation-restates"}},
		{"explanation adds no word", []questions.Question{
			explained(short("a", "In which year was the CSTO founded?", "1992"), "The CSTO was founded in 1992."),
		}, []string{"a explanation-restates"}},
		{"doubled word", []questions.Question{
			short("a", "Which which country froze its participation?", "Armenia"),
			tf("b", "Armenia froze the the participation.", "true"),
		}, []string{"a doubled-word", "b doubled-word"}},
		{"template marker", []questions.Question{
			short("a", "Who is the {role} of Kazakhstan?", "Tokayev"),
			tf("b", "Tokayev is the President of %s.", "true"),
			explained(short("c", "Who leads Kazakhstan?", "Tokayev"), "He was elected in {{.Year}}."),
			tf("d", "Tokayev is the _____ of Kazakhstan.", "true"),
			tf("e", "The fund paid out $2.4 million and $18,000 in fees.", "true"),
			tf("f", "Replace it with $1 before saving.", "true"),
		}, []string{"a template-marker", "b template-marker", "c template-marker", "d template-marker", "f template-marker"}},
		{"question then statement", []questions.Question{
			mc("a", "When did this happen? The CSTO was founded.", "1992", "1992", "1991", "1993", "1994"),
			{ID: "b", Topic: "t", Type: questions.Flashcard, Prompt: "When? The CSTO was founded.", Answer: "1992"},
		}, []string{"a question-then-statement", "b question-then-statement"}},
		{"no final punctuation", []questions.Question{
			tf("a", "The CSTO was founded in 1992 as a treaty", "true"),
			cloze("b", "The CSTO was founded in _____", "1992"),
			explained(short("c", "When was the CSTO founded?", "1992"), "Its charter dates from 2002 and the treaty from 1992"),
		}, []string{"a no-final-punctuation", "b no-final-punctuation", "c no-final-punctuation"}},
		{"question without a question mark", []questions.Question{
			short("a", "In which year was the CSTO founded.", "1992"),
			mc("b", "Which of these is a member of the CSTO", "Armenia", "Armenia", "Georgia", "Azerbaijan"),
			{ID: "c", Topic: "t", Type: questions.Flashcard, Prompt: "What does CSTO stand for", Answer: "Collective Security Treaty Organization"},
		}, []string{"a prompt-not-question", "b prompt-not-question", "c prompt-not-question"}},
		{"hedged true/false", []questions.Question{
			tf("a", "The CSTO may fall apart within a decade.", "false"),
			tf("b", "Some say the CSTO is Putin's little non-NATO.", "true"),
		}, []string{"a true-false-hedged", "b true-false-hedged"}},
		{"true/false with nothing to judge it by", []questions.Question{
			{ID: "a", Topic: "t", Type: questions.TrueFalse, Prompt: "The CSTO failed its members.", Answer: "true"},
		}, []string{"a true-false-no-source"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := bank(tc.qs...)
			if err := b.Validate(); err != nil {
				t.Fatalf("the bad bank must still be valid: %v", err)
			}
			fs := Bank(b)
			var got []string
			for _, f := range fs {
				got = append(got, f.ID+" "+string(f.Code))
				if !strings.HasPrefix(f.Message, "It") || !strings.HasSuffix(f.Message, ".") || !strings.Contains(f.Message, ":") {
					t.Errorf("message %q is not a sentence saying what is wrong, then what to do", f.Message)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("findings %v, want %v\n%s", got, tc.want, findingsText(fs))
			}
		})
	}
}

func findingsText(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

func TestFindingsFollowQuestionOrderAndCount(t *testing.T) {
	b := bank(
		mc("a", "Which article of the Charter sets the goals", "Article 3", "Article 3", "Article 7"),
		short("b", "Which which country froze its participation?", "Armenia"),
	)
	fs := Bank(b)
	var got []string
	for _, f := range fs {
		got = append(got, f.ID+" "+string(f.Code))
	}
	want := []string{"a too-few-choices", "a prompt-not-question", "b doubled-word"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("findings %v, want %v", got, want)
	}
	if c := Count(fs); c[TooFewChoices] != 1 || c[DoubledWord] != 1 || c[PromptNotQuestion] != 1 || len(c) != 3 {
		t.Errorf("Count = %v", c)
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"kitten", "sitting", 3, true},
		{"kitten", "sitting", 2, false},
		{"", "abc", 3, true},
		{"", "abc", 2, false},
		{"abcdef", "abcdef", 0, true},
		{"abcdef", "badcfe", 3, false},
		{"abcdef", "badcfe", 4, true},
		{"Which member of the CSTO", "Which of these members of the CSTO", 10, true},
		{"Which member of the CSTO", "Which of these members of the CSTO", 9, false},
	}
	for _, tc := range tests {
		if got := near([]rune(tc.a), []rune(tc.b), tc.k); got != tc.want {
			t.Errorf("near(%q, %q, %d) = %v, want %v", tc.a, tc.b, tc.k, got, tc.want)
		}
	}
}

// FuzzBank lints questions made of arbitrary text: the linter must not
// fail, and every finding must name a question of the bank and say, in a
// sentence, what to do.
func FuzzBank(f *testing.F) {
	f.Add("Which which country?", "Armenia", "Armenia\nthe other CSTO members\nBelarus", "Armenia is a member of the CSTO.")
	f.Add("When did this happen? The CSTO was founded.", "1992", "1992\n1991", "The CSTO was founded in 1992.")
	f.Add("The {x} may _____", "stayed neutral on it", "stayed neutral on it\navoided a clear position on it\n%s", "")
	f.Fuzz(func(t *testing.T, prompt, answer, choices, explanation string) {
		cs := strings.Split(choices, "\n")
		qs := []questions.Question{
			{ID: "a", Type: questions.MultipleChoice, Prompt: prompt, Answer: answer, Choices: cs, Explanation: explanation},
			{ID: "b", Type: questions.TrueFalse, Prompt: prompt, Answer: "true", Explanation: explanation},
			{ID: "c", Type: questions.Cloze, Prompt: prompt, Answer: answer, Explanation: explanation},
			{ID: "d", Type: questions.ShortAnswer, Prompt: explanation, Answer: answer, Accept: cs},
			{ID: "e", Type: questions.Flashcard, Prompt: answer, Answer: prompt},
		}
		for _, fd := range Bank(bank(qs...)) {
			if !strings.Contains("abcde", fd.ID) || len(fd.ID) != 1 {
				t.Errorf("finding for unknown question %q", fd.ID)
			}
			if !strings.HasPrefix(fd.Message, "It") || !strings.HasSuffix(fd.Message, ".") {
				t.Errorf("message %q is not a sentence", fd.Message)
			}
		}
	})
}

// TestFromSheet: a fact sheet tells the linter who belongs and what other
// names an answer has, when the bank itself does not say.
func TestFromSheet(t *testing.T) {
	sheet := &facts.Sheet{Membership: facts.Membership{
		Organisation: "Collective Security Treaty Organization", Abbreviation: "CSTO",
		Members:  []facts.Country{{Name: "Kazakhstan"}, {Name: "Belarus"}},
		Departed: []facts.Departure{{Name: "Armenia", Status: "frozen"}},
	}, People: []facts.Person{{Name: "Kassym-Jomart Tokayev", Aliases: []string{"Tokayev"}}}}
	b := bank(
		mc("g", "Which of these kept a neutral position while trading with Russia?", "the other CSTO members", "the other CSTO members", "Kazakhstan", "the press service", "China"),
		mc("h", "Which of these stopped taking part?", "members of the Collective Security Treaty Organization", "members of the Collective Security Treaty Organization", "Armenia", "Georgia", "the members of the Warsaw Pact", "the members of the European Union"),
		mc("p", "Who asked the CSTO for help in January 2022?", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "Tokayev", "Nikol Pashinyan", "Vladimir Putin"),
	)
	if fs := Bank(b); len(fs) != 0 {
		t.Fatalf("without the sheet the bank says nothing of who belongs, yet:\n%s", findingsText(fs))
	}
	var got []string
	for _, f := range FromSheet(sheet).Bank(b) {
		got = append(got, f.ID+" "+string(f.Code))
	}
	want := []string{"g distractor-in-keyed-group", "h distractor-in-keyed-group", "p distractor-is-correct"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

func TestCopiedExplanation(t *testing.T) {
	source := "Armenia froze its participation in the CSTO after mistrust grew between Yerevan and Moscow over the war."
	b := bank(
		// Ten words in a row from the source, in another case and with other punctuation.
		explained(short("a", "Which country froze its part in the CSTO?", "Armenia"),
			"It froze its participation in the CSTO after mistrust grew between YEREVAN, and Moscow."),
		// Nine words in a row: a phrase, not a lifted sentence.
		explained(short("b", "Why did Armenia step back?", "Mistrust"),
			"Trust broke down: mistrust grew between Yerevan and Moscow over the war, the author says."),
	)
	if fs := Bank(b); len(fs) != 0 {
		t.Fatalf("without the source:\n%s", findingsText(fs))
	}
	fs := Options{Source: source}.Bank(b)
	if len(fs) != 1 || fs[0].ID != "a" || fs[0].Code != ExplanationCopiesSource ||
		!strings.Contains(fs[0].Message, "(“froze its participation in the csto after mistrust grew betw…”)") {
		t.Errorf("findings:\n%s", findingsText(fs))
	}
}

// TestLimit: a bank larger than the limit is checked up to it, and says
// so in a finding about the whole bank.
func TestLimit(t *testing.T) {
	b := bank(
		short("a", "Which country froze its participation in the CSTO?", "Armenia"),
		short("b", "Which which country leads the CSTO?", "Russia"),
		short("c", "Which country froze its participation in the CSTO?", "Armenia"),
	)
	var got []string
	for _, f := range (Options{Limit: 2}).Bank(b) {
		got = append(got, f.String())
	}
	want := []string{
		"b: doubled-word: It writes “Which” twice in a row in “Which which country leads the CSTO?”: remove one of them.",
		"bank: not-all-checked: Only the first 2 of the bank's 3 questions were checked: run quizd lint on the file to check them all.",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("findings\n%q\nwant\n%q", got, want)
	}
	for _, limit := range []int{-1, 3} {
		if fs := (Options{Limit: limit}).Bank(b); len(fs) != 2 || fs[1].ID != "c" || fs[1].Code != DuplicatePrompt {
			t.Errorf("limit %d: %s", limit, findingsText(fs))
		}
	}
	if DefaultLimit < 10_000 {
		t.Errorf("DefaultLimit %d does not cover a 10,000-question bank", DefaultLimit)
	}
}
