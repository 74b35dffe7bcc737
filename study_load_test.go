package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"quizd/questions/srs"
	"quizd/server/auth"
	"quizd/storage"
	"quizd/storage/testdb"
)

// The helpers of the tests that put several quizd servers, or a restarted
// PostgreSQL, under a class of students answering through the API.

// loadStudent is one student of a study load: their account, token and
// the server they answer through.
type loadStudent struct {
	name  string
	id    uint
	token string
	base  string
}

// makeStudents creates n students (name prefix + number) and a token for
// each in the database, with no limit on new cards a day so that they
// never run out of cards to answer. Servers given later answer them.
func makeStudents(t *testing.T, db, prefix string, n int) []*loadStudent {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, err := auth.HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*loadStudent, n)
	for i := range out {
		name := fmt.Sprintf("%s%03d", prefix, i)
		u, err := st.CreateUser(ctx, name, hash, storage.Student)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateSettings(ctx, u.ID, srs.Settings{DesiredRetention: 0.9, NewPerDay: 9999}); err != nil {
			t.Fatal(err)
		}
		tok, th, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateToken(ctx, u.ID, th, time.Now()); err != nil {
			t.Fatal(err)
		}
		out[i] = &loadStudent{name: name, id: u.ID, token: tok}
	}
	return out
}

// studyLoad has students answer the next card of a bank, over and over,
// until stopped: GET next, then POST the answer with the reps next gave.
// It keeps every answer a server acknowledged (200) and counts every
// answer by server and status; a request that got no answer counts as
// status 0. A refused request is tried again after a pause.
type studyLoad struct {
	bank   int
	client *http.Client
	stop   chan struct{}
	wg     sync.WaitGroup

	mu   sync.Mutex
	acks []acked
	// byStudent counts each student's acknowledged answers, unsure their
	// answers that got no 200: refused, or sent to a server that died or
	// whose commit met the database going away, whose outcome the student
	// can't know.
	byStudent, unsure map[string]int
	// statuses counts the answers to every request, by server and status.
	statuses map[string]map[int]int
	// refused is one answer of each status other than 200, by status.
	refused map[int]refusal
	ackSig  chan struct{} // gets a value (if none waits) on each ack
}

// refusal is an answer other than 200, as the client got it.
type refusal struct {
	base, path string
	retryAfter string
	body       string
}

func startLoad(bank int, students []*loadStudent) *studyLoad {
	l := &studyLoad{bank: bank, client: &http.Client{Timeout: 30 * time.Second}, stop: make(chan struct{}),
		byStudent: map[string]int{}, unsure: map[string]int{}, statuses: map[string]map[int]int{}, refused: map[int]refusal{}, ackSig: make(chan struct{}, 1)}
	for i, s := range students {
		l.wg.Add(1)
		go l.study(s, 3+i%2)
	}
	return l
}

// halt stops the students and waits until each has had its last answer.
func (l *studyLoad) halt() {
	close(l.stop)
	l.wg.Wait()
}

func (l *studyLoad) stopped() bool {
	select {
	case <-l.stop:
		return true
	default:
		return false
	}
}

func (l *studyLoad) pause() {
	select {
	case <-l.stop:
	case <-time.After(20 * time.Millisecond):
	}
}

func (l *studyLoad) study(s *loadStudent, rating int) {
	defer l.wg.Done()
	path := fmt.Sprintf("/api/v1/banks/%d", l.bank)
	for !l.stopped() {
		var next struct {
			Question *struct {
				ID   string `json:"id"`
				Reps uint64 `json:"reps"`
			} `json:"question"`
		}
		if !l.request(s, "GET", path+"/next", "", &next) || next.Question == nil {
			l.pause()
			continue
		}
		var ans struct {
			ReviewID uint      `json:"review_id"`
			Reps     uint64    `json:"reps"`
			Due      time.Time `json:"due"`
		}
		body := fmt.Sprintf(`{"question_id":%q,"rating":%d,"reps":%d}`, next.Question.ID, rating, next.Question.Reps)
		if !l.request(s, "POST", path+"/answers", body, &ans) {
			l.mu.Lock()
			l.unsure[s.name]++
			l.mu.Unlock()
			l.pause()
			continue
		}
		l.mu.Lock()
		l.acks = append(l.acks, acked{user: s.name, qid: next.Question.ID, reviewID: ans.ReviewID, reps: ans.Reps, due: ans.Due})
		l.byStudent[s.name]++
		l.mu.Unlock()
		select {
		case l.ackSig <- struct{}{}:
		default:
		}
	}
}

// request makes one call of a student and counts its answer: true for a
// 200 whose body decoded into out.
func (l *studyLoad) request(s *loadStudent, method, path, body string, out any) bool {
	req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	status, ok := 0, false
	var data []byte
	var header http.Header
	resp, err := l.client.Do(req)
	if err == nil {
		status, header = resp.StatusCode, resp.Header
		data, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			status = 0
		}
	}
	if status == 200 {
		ok = json.Unmarshal(data, out) == nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.statuses[s.base] == nil {
		l.statuses[s.base] = map[int]int{}
	}
	l.statuses[s.base][status]++
	if status != 200 {
		if _, seen := l.refused[status]; !seen {
			r := refusal{base: s.base, path: method + " " + path, body: string(data)}
			if err != nil {
				r.body = err.Error()
			}
			if header != nil {
				r.retryAfter = header.Get("Retry-After")
			}
			l.refused[status] = r
		}
	}
	return ok
}

// acked counts the answers acknowledged so far.
func (l *studyLoad) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acks)
}

// waitAcks waits until n more answers than now are acknowledged; false
// when they were not within a minute (the load stands still).
func (l *studyLoad) waitAcks(n int) bool {
	want := l.acked() + n
	deadline := time.After(time.Minute)
	for l.acked() < want {
		select {
		case <-l.ackSig:
		case <-deadline:
			return false
		}
	}
	return true
}

// statusesOf is a copy of the counts of one server's answers.
func (l *studyLoad) statusesOf(base string) map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]int{}
	for k, v := range l.statuses[base] {
		out[k] = v
	}
	return out
}

// checkAcknowledged checks that every acknowledged answer is in the
// database's review log, and that each student has as many reviews as
// answers acknowledged, or more by no more than their unsure answers.
func checkAcknowledged(t *testing.T, db string, l *studyLoad, students []*loadStudent) {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := map[string]uint{}
	for _, s := range students {
		ids[s.name] = s.id
	}
	missing := 0
	for _, a := range l.acks {
		if _, err := st.ReviewByID(ctx, ids[a.user], a.reviewID); err != nil {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged answer %d of %s to %s is not in the review log: %v", a.reviewID, a.user, a.qid, err)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged answers are not in the database", missing, len(l.acks))
	}
	raw := testdb.Open(t, db)
	rows, err := raw.QueryContext(ctx, "SELECT users.username, COUNT(reviews.id) FROM users LEFT JOIN reviews ON reviews.user_id = users.id GROUP BY users.username")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	inDB := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		inDB[name] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, s := range students {
		got, want := inDB[s.name], l.byStudent[s.name]
		if got < want || got > want+l.unsure[s.name] {
			t.Errorf("%s: %d reviews in the database, %d answers acknowledged and %d unsure", s.name, got, want, l.unsure[s.name])
		}
	}
}
