package facts

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
)

// The review form shows a sheet's facts as fields, one group of fields per
// kind of fact, and makes a sheet of them again. Its field names are the
// sheet's own paths ("dates.2.event", "membership.organisation"), so that
// a problem the sheet's parser finds at a line is shown beside the field
// that wrote that line.

// FieldKind says how a field is typed in and read.
type FieldKind string

// The kinds of field.
const (
	TextField   FieldKind = "text"
	DateField   FieldKind = "date"   // a date as the sheet reads it
	NumberField FieldKind = "number" // a positive whole number
	StanceField FieldKind = "stance" // one of Stances, or none
	StatusField FieldKind = "status" // frozen or left
	ListField   FieldKind = "list"   // names separated by commas
)

// FormField is one field of a fact.
type FormField struct {
	Key      string // its key in the sheet
	Label    string
	Kind     FieldKind
	Required bool
	// Long: the field holds a clause ("welcomed the quick repairs"), not
	// a name or a date.
	Long bool
}

// FormGroup is one kind of fact: the items at Path of the sheet, or, when
// Single, the fields of the mapping at Path.
type FormGroup struct {
	Path   string
	Topic  string // the heading it stands under
	Title  string
	Noun   string // one item: "Add a member"
	Single bool
	// NoSource: the items have no source sentence (the charter's document).
	NoSource bool
	Fields   []FormField
	// Marked are the fields whose words are marked in the item's source
	// sentence.
	Marked []string
}

// FormTopics are the headings of the form, in order.
var FormTopics = []string{questions.TopicMembership, questions.TopicDates, questions.TopicCharter, questions.TopicReactions, "people"}

func text(key, label string) FormField { return FormField{Key: key, Label: label, Kind: TextField} }
func required(key, label string) FormField {
	return FormField{Key: key, Label: label, Kind: TextField, Required: true}
}

// long marks a field that holds a clause.
func long(fd FormField) FormField { fd.Long = true; return fd }

// FormGroups are the kinds of fact the form shows: those the extractor
// finds, with the fields it fills in.
var FormGroups = []FormGroup{
	{Path: "membership", Topic: questions.TopicMembership, Title: "Organisation", Single: true,
		Fields: []FormField{text("organisation", "Organisation"), text("abbreviation", "Abbreviation"), {Key: "founded", Label: "Founded", Kind: DateField},
			{Key: "count", Label: "Number of members the article states", Kind: NumberField}},
		Marked: []string{"organisation", "abbreviation", "founded"}},
	{Path: "membership.members", Topic: questions.TopicMembership, Title: "Members", Noun: "member",
		Fields: []FormField{required("name", "Name"), long(text("note", "Note (reads after the name)"))}, Marked: []string{"name"}},
	{Path: "membership.departed", Topic: questions.TopicMembership, Title: "Departed members", Noun: "departed member",
		Fields: []FormField{required("name", "Name"), {Key: "status", Label: "Status", Kind: StatusField, Required: true}, {Key: "when", Label: "When", Kind: DateField}, text("note", "Note")},
		Marked: []string{"name", "when"}},
	{Path: "membership.observers", Topic: questions.TopicMembership, Title: "Observers", Noun: "observer",
		Fields: []FormField{required("name", "Name"), text("note", "Note")}, Marked: []string{"name"}},
	{Path: "membership.non_members", Topic: questions.TopicMembership, Title: "Non-members", Noun: "non-member",
		Fields: []FormField{required("name", "Name"), long(text("reason", "Why not a member (reads after the name)"))}, Marked: []string{"name", "reason"}},
	{Path: "dates", Topic: questions.TopicDates, Title: "Dates", Noun: "date",
		Fields: []FormField{long(required("event", "Event")), {Key: "date", Label: "Date", Kind: DateField, Required: true}}, Marked: []string{"event", "date"}},
	{Path: "charter", Topic: questions.TopicCharter, Title: "Founding document", Single: true, NoSource: true,
		Fields: []FormField{text("document", "Document")}},
	{Path: "charter.articles", Topic: questions.TopicCharter, Title: "Articles", Noun: "article",
		Fields: []FormField{{Key: "number", Label: "Number", Kind: NumberField, Required: true}, long(required("subject", "Subject")), long(required("provides", "Provides"))},
		Marked: []string{"number", "provides"}},
	{Path: "reactions", Topic: questions.TopicReactions, Title: "Reactions", Noun: "reaction",
		Fields: []FormField{required("who", "Who"), text("to", "To what"), {Key: "stance", Label: "Stance", Kind: StanceField},
			long(required("gist", "What they said or did (reads after the name)")), text("quote", "Quote")},
		Marked: []string{"who", "gist", "quote"}},
	{Path: "people", Topic: "people", Title: "People", Noun: "person",
		Fields: []FormField{required("name", "Name"), {Key: "aliases", Label: "Other names (separated by commas)", Kind: ListField},
			required("role", "Role"), text("country", "Country"), text("note", "Note")},
		Marked: []string{"name", "role", "note"}},
}

// Limits of the form: a sheet's facts, as for an article, and the length
// of a field, far over any fact's.
const (
	MaxFormFacts  = 1000
	MaxFieldLen   = 500
	MaxSourceLen  = 2000
	maxIndexChars = 4
)

// Item is one fact of the form: its fields by key, and "source", the
// sentence it was found in.
type Item map[string]string

// Form is a sheet as the review form holds it: every value as typed.
type Form struct {
	Title, Slug string
	Source      questions.Source
	// Items are the facts by group path; a Single group has one.
	Items map[string][]Item
}

// FormErrors are the problems of a form by field name ("dates.2.date"),
// by item ("dates.2") or, under "", of the whole form; each a sentence.
type FormErrors map[string]string

func (fe FormErrors) add(name, msg string) {
	if prev, ok := fe[name]; ok {
		fe[name] = prev + " " + msg
		return
	}
	fe[name] = msg
}

// Group returns the group at path, or nil.
func Group(path string) *FormGroup {
	for i := range FormGroups {
		if FormGroups[i].Path == path {
			return &FormGroups[i]
		}
	}
	return nil
}

// NewForm is the form of a sheet.
func NewForm(s *Sheet) (*Form, error) {
	plain, err := s.Plain()
	if err != nil {
		return nil, err
	}
	f := &Form{Title: s.Title, Slug: s.Slug, Source: s.Source, Items: map[string][]Item{}}
	for _, g := range FormGroups {
		node := at(plain, g.Path)
		if g.Single {
			m, _ := node.(map[string]any)
			f.Items[g.Path] = []Item{itemOf(g, m)}
			continue
		}
		list, _ := node.([]any)
		for _, x := range list {
			m, _ := x.(map[string]any)
			f.Items[g.Path] = append(f.Items[g.Path], itemOf(g, m))
		}
	}
	return f, nil
}

// at returns the value at a dotted path of plain maps.
func at(m map[string]any, path string) any {
	var v any = m
	for k := range strings.SplitSeq(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

func itemOf(g FormGroup, m map[string]any) Item {
	it := Item{}
	for _, fd := range append(g.Fields, FormField{Key: "source"}) {
		switch v := m[fd.Key].(type) {
		case string:
			it[fd.Key] = v
		case int:
			it[fd.Key] = strconv.Itoa(v)
		case []any:
			var names []string
			for _, x := range v {
				names = append(names, fmt.Sprint(x))
			}
			it[fd.Key] = strings.Join(names, ", ")
		case nil:
		default:
			it[fd.Key] = fmt.Sprint(v)
		}
	}
	return it
}

// ReadForm reads a posted form, by field name. Names it does not know
// are ignored; too many facts is an error, under "".
func ReadForm(values map[string]string) (*Form, FormErrors) {
	f := &Form{Title: values["title"], Slug: values["slug"], Items: map[string][]Item{},
		Source: questions.Source{Title: values["source.title"], Author: values["source.author"], Location: values["source.location"]}}
	rows := map[string]map[int]Item{}
	for name, v := range values {
		for _, g := range FormGroups {
			rest, ok := strings.CutPrefix(name, g.Path+".")
			if !ok {
				continue
			}
			if g.Single {
				if g.has(rest) {
					if len(f.Items[g.Path]) == 0 {
						f.Items[g.Path] = []Item{{}}
					}
					f.Items[g.Path][0][rest] = v
				}
				continue
			}
			idx, key, ok := strings.Cut(rest, ".")
			n, err := strconv.Atoi(idx)
			if !ok || err != nil || n < 0 || len(idx) > maxIndexChars || !g.has(key) {
				continue
			}
			if rows[g.Path] == nil {
				rows[g.Path] = map[int]Item{}
			}
			if rows[g.Path][n] == nil {
				rows[g.Path][n] = Item{}
			}
			rows[g.Path][n][key] = v
		}
	}
	for path, byIndex := range rows {
		idx := make([]int, 0, len(byIndex))
		for n := range byIndex {
			idx = append(idx, n)
		}
		sort.Ints(idx)
		for _, n := range idx {
			f.Items[path] = append(f.Items[path], byIndex[n])
		}
	}
	if n := f.Count(); n > MaxFormFacts {
		return f, FormErrors{"": fmt.Sprintf("The form holds %d facts, and a sheet may hold at most %d: upload a shorter article, or split it into parts.", n, MaxFormFacts)}
	}
	return f, nil
}

func (g FormGroup) has(key string) bool {
	return key == "source" && !g.NoSource || slices.ContainsFunc(g.Fields, func(fd FormField) bool { return fd.Key == key })
}

// Count is how many facts the form holds (an organisation and a charter
// document not counted).
func (f *Form) Count() int {
	n := 0
	for _, g := range FormGroups {
		if !g.Single {
			n += len(f.Items[g.Path])
		}
	}
	return n
}

// Add appends an empty fact to a group.
func (f *Form) Add(path string) error {
	g := Group(path)
	if g == nil || g.Single {
		return fmt.Errorf("facts: no list of facts %q", path)
	}
	if f.Count() >= MaxFormFacts {
		return fmt.Errorf("the form holds %d facts already, the most a sheet may hold: delete one first", MaxFormFacts)
	}
	if f.Items == nil {
		f.Items = map[string][]Item{}
	}
	f.Items[path] = append(f.Items[path], Item{})
	return nil
}

// Delete removes the i-th fact of a group; it reports whether there was one.
func (f *Form) Delete(path string, i int) bool {
	g := Group(path)
	if g == nil || g.Single || i < 0 || i >= len(f.Items[path]) {
		return false
	}
	f.Items[path] = slices.Delete(f.Items[path], i, i+1)
	return true
}

// blank reports whether an item has nothing typed in it but its source.
func (g FormGroup) blank(it Item) bool {
	for _, fd := range g.Fields {
		if strings.TrimSpace(it[fd.Key]) != "" {
			return false
		}
	}
	return true
}

// Sheet makes the form's sheet and its YAML, after dropping the facts left
// blank (the form is changed in place, so that its field names stay those
// the errors name). A form with any problem gives no sheet and every
// problem by field.
func (f *Form) Sheet() (*Sheet, []byte, FormErrors) {
	errs := FormErrors{}
	for _, g := range FormGroups {
		if g.Single {
			continue
		}
		f.Items[g.Path] = slices.DeleteFunc(f.Items[g.Path], g.blank)
	}
	f.check(errs)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	data, err := yaml.Marshal(f.node())
	if err != nil {
		errs.add("", "The facts could not be written as a fact sheet: "+err.Error()+".")
		return nil, nil, errs
	}
	s, err := Parse(data)
	var es Errors
	if errors.As(err, &es) {
		names := fieldsByLine(data)
		for _, e := range es {
			errs.add(names[e.Line], sentence(e.Msg))
		}
		return nil, nil, errs
	}
	if err != nil {
		errs.add("", sentence(err.Error()))
		return nil, nil, errs
	}
	return s, data, nil
}

// sentence makes a parser's message a sentence.
func sentence(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = strings.ToUpper(string(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// check finds what the parser would report without naming the field, or
// not at all: a missing field, a field too long, a number that is none.
func (f *Form) check(errs FormErrors) {
	if len([]rune(f.Title)) > MaxFieldLen {
		errs.add("title", fmt.Sprintf("The title is %d characters long: shorten it to at most %d.", len([]rune(f.Title)), MaxFieldLen))
	} else if strings.TrimSpace(f.Title) == "" {
		errs.add("title", "Give the question set a title.")
	}
	for _, g := range FormGroups {
		for i, it := range f.Items[g.Path] {
			row := g.Path + "." + strconv.Itoa(i)
			if g.Single {
				row = g.Path
			}
			if n := len([]rune(it["source"])); n > MaxSourceLen {
				errs.add(row, fmt.Sprintf("The source sentence is %d characters long, over the %d a fact may quote: delete the fact or add it again.", n, MaxSourceLen))
			}
			for _, fd := range g.Fields {
				name, v := row+"."+fd.Key, strings.TrimSpace(it[fd.Key])
				switch {
				case len([]rune(v)) > MaxFieldLen:
					errs.add(name, fmt.Sprintf("%s is %d characters long: shorten it to at most %d.", fd.Label, len([]rune(v)), MaxFieldLen))
				case v == "" && fd.Required:
					errs.add(name, fmt.Sprintf("Fill in %s, or delete this %s.", strings.ToLower(fd.Short()), g.Noun))
				case v != "" && fd.Kind == NumberField:
					if n, err := strconv.Atoi(v); err != nil || n <= 0 {
						errs.add(name, fmt.Sprintf("%s %q is not a whole number: write it in digits, such as 4.", fd.Label, v))
					}
				}
			}
		}
	}
}

// Short is the field's label without its bracketed hint: "Note".
func (fd FormField) Short() string {
	l, _, _ := strings.Cut(fd.Label, " (")
	return l
}

// node is the form as a YAML document. Every item starts with its source,
// always written, so that a problem reported at an item's line (its first)
// is told apart from one at a field's.
func (f *Form) node() *yaml.Node {
	root := mapping()
	src := mapping()
	put(src, "title", f.Source.Title)
	put(src, "author", f.Source.Author)
	put(src, "location", f.Source.Location)
	addKey(root, "source", src)
	put(root, "title", f.Title)
	put(root, "slug", f.Slug)
	sections := map[string]*yaml.Node{}
	section := func(path string) *yaml.Node {
		parent, key := root, path
		if p, k, ok := strings.Cut(path, "."); ok {
			parent, key = sections[p], k
			if parent == nil {
				parent = mapping()
				sections[p] = parent
				addKey(root, p, parent)
				addKey(parent, "source", scalar(""))
			}
		}
		return addKey(parent, key, &yaml.Node{Kind: yaml.SequenceNode})
	}
	for _, g := range FormGroups {
		items := f.Items[g.Path]
		if g.Single {
			m := mapping()
			if len(items) > 0 {
				writeItem(m, g, items[0])
			}
			if len(m.Content) > 0 && (g.NoSource || len(m.Content) > 2) { // more than its source
				sections[g.Path] = m
				addKey(root, g.Path, m)
			}
			continue
		}
		if len(items) == 0 {
			continue
		}
		seq := section(g.Path)
		for _, it := range items {
			m := mapping()
			writeItem(m, g, it)
			seq.Content = append(seq.Content, m)
		}
	}
	return root
}

func writeItem(m *yaml.Node, g FormGroup, it Item) {
	if !g.NoSource {
		addKey(m, "source", scalar(clean(it["source"])))
	}
	for _, fd := range g.Fields {
		v := clean(it[fd.Key])
		if v == "" {
			continue
		}
		switch fd.Kind {
		case ListField:
			seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for p := range strings.SplitSeq(v, ",") {
				if p = strings.TrimSpace(p); p != "" {
					seq.Content = append(seq.Content, scalar(p))
				}
			}
			addKey(m, fd.Key, seq)
		case NumberField:
			addKey(m, fd.Key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v})
		default:
			put(m, fd.Key, v)
		}
	}
}

// clean puts a value on one line, as the form's fields have it.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// put adds key: v when v is not empty.
func put(m *yaml.Node, key, v string) {
	if v = clean(v); v != "" {
		addKey(m, key, scalar(v))
	}
}

func addKey(m *yaml.Node, key string, v *yaml.Node) *yaml.Node {
	m.Content = append(m.Content, scalar(key), v)
	return v
}

// fieldsByLine maps each line of a sheet the form wrote to the form's name
// for what stands on it: an item's first line to the item, a key's line to
// its field.
func fieldsByLine(data []byte) map[int]string {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	names := map[int]string{}
	var walk func(n *yaml.Node, name string)
	walk = func(n *yaml.Node, name string) {
		if _, ok := names[n.Line]; !ok {
			names[n.Line] = name
		}
		prefix := name
		if prefix != "" {
			prefix += "."
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.ScalarNode || v.Style == yaml.FlowStyle {
					if _, ok := names[k.Line]; !ok {
						names[k.Line] = prefix + k.Value
					}
					continue
				}
				walk(v, prefix+k.Value)
			}
		case yaml.SequenceNode:
			for i, it := range n.Content {
				walk(it, prefix+strconv.Itoa(i))
			}
		}
	}
	walk(doc.Content[0], "")
	return names
}

// Values are the form's fields by name, as ReadForm reads them.
func (f *Form) Values() map[string]string {
	v := map[string]string{"title": f.Title, "slug": f.Slug, "source.title": f.Source.Title, "source.author": f.Source.Author, "source.location": f.Source.Location}
	for _, g := range FormGroups {
		for i, it := range f.Items[g.Path] {
			row := g.Path + "." + strconv.Itoa(i)
			if g.Single {
				row = g.Path
			}
			for k, x := range it {
				v[row+"."+k] = x
			}
		}
	}
	return v
}
