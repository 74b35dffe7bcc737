// Package views holds quizd's embedded templates and static files and the
// engine that renders them. Every template is parsed at start-up into one
// set per page (the layout, the partials and the page), so that pages
// defining blocks of the same name cannot overwrite each other. Pages get
// typed data (pages.go); user content is always text to html/template.
package views

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"path"
	"sort"
	"strings"
)

//go:embed templates static
var files embed.FS

// Engine renders pages and serves static files under content-hashed names.
type Engine struct {
	pages map[string]*template.Template
	// assets maps "app.css" to "app.3f2a1b9c.css" and back.
	hashed   map[string]string
	unhashed map[string]string
}

// New parses every template and hashes every static file.
func New() (*Engine, error) {
	e := &Engine{pages: map[string]*template.Template{}, hashed: map[string]string{}, unhashed: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		e.hashed[name], e.unhashed[h] = h, name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("views: static files: %w", err)
	}
	base := template.New("layout.html").Funcs(e.funcs())
	base, err = base.ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	pages, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	for _, p := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("views: %w", err)
		}
		if t, err = t.ParseFS(files, p); err != nil {
			return nil, fmt.Errorf("views: %w", err)
		}
		e.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return e, nil
}

// Pages lists the names of every page, for tests that render them all.
func (e *Engine) Pages() []string {
	var names []string
	for n := range e.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Load is part of the renderer interface of web frameworks; templates are
// parsed in New already.
func (e *Engine) Load() error { return nil }

// Render writes the named page with its data. It renders into a buffer
// first, so that a failing template sends nothing half-written.
func (e *Engine) Render(w io.Writer, name string, data any, _ ...string) error {
	t, ok := e.pages[name]
	if !ok {
		return fmt.Errorf("views: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("views: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// AssetPath is the URL of a static file, with its content hash in the name
// so that it can be cached for good.
func (e *Engine) AssetPath(name string) string {
	if h, ok := e.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// Asset returns a static file by its hashed name, with its content type.
func (e *Engine) Asset(hashedName string) (data []byte, contentType string, ok bool) {
	name, ok := e.unhashed[hashedName]
	if !ok {
		return nil, "", false
	}
	data, err := files.ReadFile("static/" + name)
	if err != nil {
		return nil, "", false
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return data, ct, true
}

func (e *Engine) funcs() template.FuncMap {
	return template.FuncMap{
		"asset": e.AssetPath,
		"add":   func(a, b int) int { return a + b },
		"pct":   func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
		// typeLabel names a question type as people say it:
		// "multiple_choice" is "Multiple choice".
		"typeLabel": TypeLabel,
		"key": func(i int) string {
			if i < 9 {
				return fmt.Sprint(i + 1)
			}
			return ""
		},
	}
}

// TypeLabel names a question type as people say it: "multiple_choice" is
// "Multiple choice", "true_false" "True or false". Anything else is shown
// as it is.
func TypeLabel(t string) string {
	switch t {
	case "flashcard":
		return "Flashcard"
	case "multiple_choice":
		return "Multiple choice"
	case "true_false":
		return "True or false"
	case "cloze":
		return "Fill in the blank"
	case "short_answer":
		return "Short answer"
	case "ordering":
		return "Ordering"
	case "matching":
		return "Matching"
	}
	return t
}
