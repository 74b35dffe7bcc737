// Package views holds the embedded templates and static files and the
// engine that renders them. It arrives with the study server (issue 3);
// until then the package only marks its place in the layout.
package views
