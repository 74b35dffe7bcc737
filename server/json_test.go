package server

import (
	"errors"
	"strings"
	"testing"
)

func TestStrictJSON(t *testing.T) {
	tests := []struct {
		name, body, wantField, want string
	}{
		{"a duplicate key", `{"question_id":"fc","rating":4,"rating":1}`, "rating", "rating: is given twice: send each field once"},
		{"a key in another case", `{"question_id":"fc","Rating":4}`, "Rating", "Rating: unknown field (field names are case-sensitive"},
		{"a key in upper case", `{"QUESTION_ID":"fc","rating":4}`, "QUESTION_ID", "unknown field"},
		{"trailing data", `{"question_id":"fc","rating":4} x`, "", "the body goes on after its JSON object (at byte 32)"},
		{"a second object", `{"question_id":"fc","rating":4}{}`, "", "goes on after its JSON object"},
		{"a wrong type", `{"question_id":"fc","rating":"four"}`, "rating", "rating: must be a whole number, not a string"},
		{"a fraction", `{"question_id":"fc","rating":1.5}`, "rating", "rating: must be a whole number, not a number"},
		{"a response of the wrong shape", `{"question_id":"fc","response":{}}`, "response", "response: must be a string, or a list of strings"},
		{"a list", `[1]`, "", "the body must be a JSON object"},
		{"cut short", `{"question_id":`, "", "ends before its JSON object does"},
		{"empty", `  `, "", "the body is empty"},
		{"not JSON", `question_id=fc`, "", "the body is not valid JSON (at byte 0)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in answerJSON
			err := decodeJSONBody([]byte(tc.body), &in)
			var e *Error
			if !errors.As(err, &e) || e.Status != 400 || e.Field != tc.wantField || !strings.Contains(e.Msg, tc.want) {
				t.Errorf("decode %s: %#v, want 400 on field %q with %q", tc.body, err, tc.wantField, tc.want)
			}
		})
	}
	var in answerJSON
	if err := decodeJSONBody([]byte(` {"question_id":"fc","response":["a","b"],"reps":3} `+"\n"), &in); err != nil || *in.QuestionID != "fc" || len(*in.Response) != 2 || *in.Reps != 3 {
		t.Errorf("a good answer: %v %+v", err, in)
	}
}

func TestStrictJSONThroughTheAPI(t *testing.T) {
	e := newEnv(t, true)
	for _, body := range []string{
		`{"username":"ada","password":"correct horse","username":"eve"}`,
		`{"Username":"ada","password":"correct horse"}`,
		`{"username":"ada","password":"correct horse"} {"username":"eve"}`,
	} {
		if status, out := e.api("POST", "/api/v1/signup", "", body); status != 400 {
			t.Errorf("sign-up with %s: %d %s", body, status, out)
		}
	}
	if status, out := e.api("POST", "/api/v1/signup", "", `{"username":"ada","password":"correct horse"}`); status != 201 {
		t.Errorf("a plain sign-up: %d %s", status, out)
	}
}

// FuzzDecodeJSON: any body decodes or is refused with a 400 that names
// what was wrong; nothing panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"question_id":"fc","rating":4}`, `{"response":["a","b"]}`, `{"rating":1,"rating":2}`, `{"Rating":1}`, `{} x`, `[`, `"x"`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in answerJSON
		err := decodeJSONBody(data, &in)
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Status != 400 || e.Msg == "" {
			t.Fatalf("decode %q: %#v", data, err)
		}
	})
}
