package report

import (
	"reflect"
	"testing"
)

func TestCommonWrongMergesWhatGradingCallsTheSame(t *testing.T) {
	got := CommonWrong([]Response{
		{"Paris", 2}, {"paris ", 1}, {"PARIS", 2}, {"Lyon", 3}, {"Nice", 1}, {"Lille", 1}, {"Metz", 1}, {"Brest", 1}, {"Ignored", 0},
	}, MaxCommonWrong)
	want := Responses{{"PARIS", 5}, {"Lyon", 3}, {"Brest", 1}, {"Lille", 1}, {"Metz", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if s := want[:2].String(); s != "PARIS (5); Lyon (3)" {
		t.Errorf("as a cell: %q", s)
	}
	if got := CommonWrong(nil, 5); got == nil || len(got) != 0 {
		t.Errorf("no responses: %#v, want an empty list", got)
	}
}
