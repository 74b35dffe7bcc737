package jsonbank

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/seed"
)

func TestRoundTripIsExact(t *testing.T) {
	b, err := seed.Bank()
	if err != nil {
		t.Fatal(err)
	}
	data, err := Write(b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, back) {
		t.Error("the bank read back differs from the bank written")
	}
	again, _ := Write(back)
	if string(again) != string(data) {
		t.Error("writing the bank read back gives other bytes")
	}
}

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if b.Slug != "small" || len(b.Questions) != 3 || b.Questions[2].Type != questions.Matching {
		t.Errorf("bank %+v", b)
	}
}

func TestParseErrors(t *testing.T) {
	valid, _ := os.ReadFile("testdata/small.json")
	tests := []struct {
		name     string
		data     string
		wantLine int
		want     string
		format   bool
	}{
		{"empty", "  \n", 0, "empty", true},
		{"not JSON", "slug,title\n", 0, "not a JSON bank", true},
		{"an array", "[1,2]", 0, "not a JSON bank", true},
		{"broken JSON", "{\n  \"slug\": \"x\",\n  \"title\": \n}", 4, "invalid JSON", false},
		{"unclosed", "{\n  \"slug\": \"x\",\n", 3, "ends too early", false},
		{"unknown field", "{\n  \"slug\": \"x\",\n  \"colour\": 1\n}", 0, "unknown field", false},
		{"wrong type", "{\n  \"slug\": \"x\",\n  \"title\": 7\n}", 3, "title: must be string", false},
		{"trailing", string(valid) + "\n{}", 0, "more JSON follows", false},
		{"bad question", strings.Replace(string(valid), `"answer": "Armenia"`, `"answer": "Georgia"`, 1), 6, "question 1: answer: \"Georgia\" is not one of the choices", false},
		{"duplicate id", strings.Replace(string(valid), `"id": "q2"`, `"id": "q1"`, 1), 14, "question 2: id: same id as question 1", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			var fe *questions.FormatError
			var le questions.LineErrors
			switch {
			case tc.format:
				if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) {
					t.Errorf("error %v, want a format error %q", err, tc.want)
				}
			case errors.As(err, &le):
				for _, e := range le {
					if strings.Contains(e.Msg, tc.want) && (tc.wantLine == 0 || e.Line == tc.wantLine) {
						return
					}
				}
				t.Errorf("errors %v, want line %d %q", le, tc.wantLine, tc.want)
			default:
				t.Errorf("error %v (%T), want line errors", err, err)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(data)
		if err != nil {
			return
		}
		out, err := Write(b)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(out)
		if err != nil || !reflect.DeepEqual(b, back) {
			t.Errorf("a parsed bank does not round-trip: %v", err)
		}
	})
}
