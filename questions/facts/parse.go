package facts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
)

// Error is one problem in a fact sheet, at a line of the file.
type Error struct {
	Line int
	Msg  string
}

func (e Error) Error() string {
	if e.Line == 0 {
		return "facts: " + e.Msg
	}
	return fmt.Sprintf("facts: line %d: %s", e.Line, e.Msg)
}

// Errors is every problem found in a fact sheet, in line order.
type Errors []Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// MaxErrors caps how many problems one parse reports.
const MaxErrors = 50

// sections are the top-level keys of a sheet that are not topics.
var sections = []string{"slug", "title", "source"}

// topicSections maps the topic sections of a sheet to their topics.
var topicSections = map[string]string{
	"membership": questions.TopicMembership,
	"dates":      questions.TopicDates,
	"charter":    questions.TopicCharter,
	"reactions":  questions.TopicReactions,
	"people":     "",
	"notes":      "",
	"stances":    "",
	"claims":     "",
}

// Parse reads a fact sheet in YAML and checks it. Every problem found is
// reported with its line; a sheet with any problem is not returned.
func Parse(data []byte) (*Sheet, error) {
	if !utf8.Valid(data) {
		return nil, Errors{{Line: lineOfInvalidUTF8(data), Msg: "the file is not UTF-8 text"}}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, Errors{{Line: bytes.Count(data[:bytes.IndexByte(data, 0)], []byte("\n")) + 1, Msg: "the file is binary, not a YAML fact sheet"}}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Errors{{Msg: "the fact sheet is empty"}}
		}
		return nil, yamlErrors(err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, Errors{{Line: doc.Line, Msg: "a fact sheet is a mapping of sections (title, source, membership, dates, charter, reactions, people, notes)"}}
	}
	root := doc.Content[0]
	if es := checkSections(root); len(es) > 0 {
		return nil, es
	}
	var s Sheet
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&s); err != nil {
		return nil, yamlErrors(err)
	}
	if es := s.validate(root); len(es) > 0 {
		return nil, es
	}
	if s.Slug == "" {
		s.Slug = questions.Slugify(s.Title)
	}
	return &s, nil
}

func checkSections(root *yaml.Node) Errors {
	var es Errors
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if _, ok := topicSections[k.Value]; ok || slices.Contains(sections, k.Value) {
			continue
		}
		es = append(es, Error{Line: k.Line, Msg: fmt.Sprintf("unknown topic %q: a fact sheet has the sections %s", k.Value, sectionList())})
	}
	return es
}

func sectionList() string {
	names := slices.Clone(sections)
	for k := range topicSections {
		names = append(names, k)
	}
	sort.Strings(names[len(sections):])
	return strings.Join(names, ", ")
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns the YAML library's errors into Errors with their lines.
func yamlErrors(err error) Errors {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var es Errors
	for _, m := range msgs {
		m = strings.TrimSpace(m)
		if g := yamlLineRE.FindStringSubmatch(m); g != nil {
			n, _ := strconv.Atoi(g[1])
			es = append(es, Error{Line: n, Msg: friendlier(g[2])})
			continue
		}
		es = append(es, Error{Msg: strings.TrimPrefix(m, "yaml: ")})
	}
	return capped(es)
}

var notFoundRE = regexp.MustCompile(`^field (\S+) not found in type facts\.(\w+)$`)

func friendlier(msg string) string {
	if g := notFoundRE.FindStringSubmatch(msg); g != nil {
		return fmt.Sprintf("unknown field %q in %s", g[1], strings.ToLower(g[2]))
	}
	return strings.ReplaceAll(msg, "!!", "")
}

func capped(es Errors) Errors {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	if len(es) > MaxErrors {
		es = append(es[:MaxErrors], Error{Msg: fmt.Sprintf("and %d more problems", len(es)-MaxErrors)})
	}
	return es
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// UnmarshalYAML reads a date as "2024-08-06", "2022-01" or "1992", or in
// words: "6 August 2024", "January 2022".
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "a date is written 2024-08-06, 2022-01 or 1992")
	}
	v, err := parseSheetDate(n.Value)
	if err != nil {
		return typeError(n, "date %q: %v", n.Value, err)
	}
	d.Date = v
	return nil
}

// MarshalYAML writes a date in its ISO form, which keeps its precision.
func (d Date) MarshalYAML() (any, error) { return d.ISO(), nil }

var isoDateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$`)

// parseSheetDate reads a date in ISO form, with a message that says what is
// wrong, or in any form questions.ParseDate knows when it has a year.
func parseSheetDate(s string) (questions.Date, error) {
	s = strings.TrimSpace(s)
	if g := isoDateRE.FindStringSubmatch(s); g != nil {
		y, _ := strconv.Atoi(g[1])
		d := questions.Date{Year: y, Precision: questions.Year}
		if g[2] != "" {
			m, _ := strconv.Atoi(g[2])
			if m < 1 || m > 12 {
				return d, fmt.Errorf("month %d is out of range 1-12", m)
			}
			d.Month, d.Precision = time.Month(m), questions.Month
		}
		if g[3] != "" {
			day, _ := strconv.Atoi(g[3])
			last := time.Date(y, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if day < 1 || day > last {
				return d, fmt.Errorf("%s %d has no day %d", d.Month, y, day)
			}
			d.Day, d.Precision = day, questions.Day
		}
		if y < 1 {
			return d, fmt.Errorf("year %d is out of range", y)
		}
		return d, nil
	}
	ds, err := questions.ParseDate(s)
	if err != nil || len(ds) != 1 || ds[0].Year == 0 {
		return questions.Date{}, errors.New("write it as YYYY-MM-DD, YYYY-MM or YYYY")
	}
	return ds[0], nil
}

// UnmarshalYAML reads a stance: one of the built-in four or a key of the
// sheet's own stances (checked against them when the sheet is validated).
func (s *Stance) UnmarshalYAML(n *yaml.Node) error {
	v := Stance(strings.ToLower(strings.TrimSpace(n.Value)))
	if n.Kind != yaml.ScalarNode || questions.Slugify(string(v)) != string(v) {
		return typeError(n, "unknown stance %q (known: support, condemn, neutral, evasive, or a key of the sheet's stances)", n.Value)
	}
	*s = v
	return nil
}

// UnmarshalYAML checks the status is frozen or left.
func (s *Status) UnmarshalYAML(n *yaml.Node) error {
	v := Status(strings.ToLower(strings.TrimSpace(n.Value)))
	if n.Kind != yaml.ScalarNode || (v != Frozen && v != Left) {
		return typeError(n, "unknown status %q (known: frozen, left)", n.Value)
	}
	*s = v
	return nil
}

// UnmarshalYAML checks the topic is one of the article topics.
func (t *Topic) UnmarshalYAML(n *yaml.Node) error {
	v := strings.ToLower(strings.TrimSpace(n.Value))
	if n.Kind != yaml.ScalarNode || !slices.Contains(questions.ArticleTopics, v) {
		return typeError(n, "unknown topic %q (known: %s)", n.Value, strings.Join(questions.ArticleTopics, ", "))
	}
	*t = Topic(v)
	return nil
}

func typeError(n *yaml.Node, format string, args ...any) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, fmt.Sprintf(format, args...))}}
}
