// Package server is quizd's web application: the Fiber routes, one handler
// file per action, middleware and the mapping of domain errors to HTTP
// answers. The study server arrives with it (issue 3); until then the
// package only marks its place in the layout.
package server
