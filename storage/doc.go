// Package storage is the only package that talks to the database: GORM
// rows, numbered migrations, repositories and transactions, and the
// persisted progress of every student. It arrives with the study server
// (issue 3); until then the package only marks its place in the layout.
package storage
