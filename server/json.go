package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// jsonLimit caps a JSON request body.
const jsonLimit = 1 << 20

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// decodeJSON reads a request body strictly: one JSON object of known
// fields with the right types. Its errors name the field.
func decodeJSON(c *fiber.Ctx, v any) error {
	if len(c.Body()) > jsonLimit {
		return &Error{Status: fiber.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the body is larger than %d KiB", jsonLimit>>10)}
	}
	if !strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		return &Error{Status: fiber.StatusUnsupportedMediaType, Msg: "send the body as application/json"}
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		return errBadRequest("", "the body is empty: send a JSON object")
	case errors.As(err, &se):
		return errBadRequest("", fmt.Sprintf("the body is not valid JSON (at byte %d)", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return errBadRequest("", "the body must be a JSON object")
		}
		return errBadRequest(field, fmt.Sprintf("%s: must be %s, not %s", field, jsonKind(te.Type.Kind().String()), te.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errBadRequest(field, fmt.Sprintf("%s: unknown field", field))
	default:
		var fe *fieldError
		if errors.As(err, &fe) {
			return errBadRequest(fe.field, fe.Error())
		}
		return errBadRequest("", "the body is not valid JSON: "+err.Error())
	}
	if dec.More() {
		return errBadRequest("", "the body holds more than one JSON value")
	}
	return nil
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
