package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/gofiber/fiber/v2"
)

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// decodeJSON reads a request body strictly: exactly one JSON object of
// known fields, each named once and in its own case, with the right types.
// Its errors name the field. limitBody has bounded the body already.
//
// It decodes with go-json-experiment/json (the draft of encoding/json/v2),
// whose defaults refuse duplicate names, match names case-sensitively and
// refuse data after the value, where encoding/json accepts all three.
func decodeJSON(c *fiber.Ctx, v any) error {
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return &Error{Status: fiber.StatusUnsupportedMediaType, Msg: "send the body as application/json"}
	}
	return decodeJSONBody(c.Body(), v)
}

// decodeJSONBody is decodeJSON's reading of the body itself.
func decodeJSONBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errBadRequest("", "the body is empty: send a JSON object")
	}
	return jsonError(jsonv2.Unmarshal(body, v, jsonv2.RejectUnknownMembers(true)))
}

// jsonError turns a decoding error into a bad request naming the field.
func jsonError(err error) error {
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	var fe *fieldError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return errBadRequest(fe.field, fe.Error())
	case errors.As(err, &syn):
		field := pointerField(syn.JSONPointer)
		switch {
		case errors.Is(err, jsontext.ErrDuplicateName):
			return errBadRequest(field, fmt.Sprintf("%s: is given twice: send each field once", syn.JSONPointer.LastToken()))
		case strings.Contains(syn.Err.Error(), "after top-level value"):
			return errBadRequest("", fmt.Sprintf("the body goes on after its JSON object (at byte %d): send one object and nothing after it", syn.ByteOffset))
		case errors.Is(err, io.ErrUnexpectedEOF):
			return errBadRequest("", "the body ends before its JSON object does: send the whole object")
		}
		return errBadRequest("", fmt.Sprintf("the body is not valid JSON (at byte %d): send a JSON object", syn.ByteOffset))
	case errors.As(err, &sem):
		field := pointerField(sem.JSONPointer)
		switch {
		case errors.Is(err, jsonv2.ErrUnknownName):
			name := sem.JSONPointer.LastToken()
			return errBadRequest(name, fmt.Sprintf("%s: unknown field (field names are case-sensitive: see the API documentation)", name))
		case field == "":
			return errBadRequest("", "the body must be a JSON object")
		case sem.GoType != nil:
			return errBadRequest(field, fmt.Sprintf("%s: must be %s, not %s", field, jsonKind(sem.GoType.Kind().String()), kindName(sem.JSONKind)))
		}
		return errBadRequest(field, field+": has a value that is not allowed")
	}
	return errBadRequest("", "the body is not valid JSON: send a JSON object")
}

// pointerField is the top-level field a JSON pointer is within.
func pointerField(p jsontext.Pointer) string {
	for tok := range p.Tokens() {
		return tok
	}
	return ""
}

// kindName names a kind of JSON value as a sentence says it.
func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "a value of another kind"
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	}
	return "a " + k
}

// fieldError is a decoding error of one field's value.
type fieldError struct{ field, msg string }

func (e *fieldError) Error() string { return e.field + ": " + e.msg }

// responseValue is an answer's response: a string, or a list of strings
// for ordering, matching and several choices.
type responseValue []string

func (r *responseValue) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		*r = []string{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(data, &list); err == nil && list != nil {
		*r = list
		return nil
	}
	return &fieldError{"response", "must be a string, or a list of strings for ordering, matching and several choices"}
}
