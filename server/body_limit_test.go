package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"quizd/storage"
)

// withConfig rebuilds the env's app with cfg on the same store.
func (e *testEnv) withConfig(cfg Config) {
	cfg.Now, cfg.Location, cfg.Logger = e.clock.Now, time.UTC, quietLogger()
	e.app = New(Deps{Store: e.store, Views: mustViews(e.t), Config: cfg})
}

// sendRaw opens a connection to addr and writes req on it, as a client
// that may never finish its body would.
func sendRaw(t *testing.T, addr, req string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(addr, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	return c
}

// answerOf reads the response on c, waiting at most wait for it.
func answerOf(t *testing.T, c net.Conn, wait time.Duration) (*http.Response, string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(wait))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer within %v: %v", wait, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func gzipped(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// A request body compressed twice, 8 MiB of zeros in a few hundred bytes,
// is refused as it is: nothing decompresses it.
func TestCompressedBodiesAreRefused(t *testing.T) {
	e := newEnv(t, true)
	bomb := gzipped(gzipped(make([]byte, 8<<20)))
	for _, tc := range []struct{ path, ctype string }{
		{"/api/v1/signup", "application/json"},
		{"/api/v1/login", "application/json"},
		{"/login", "application/x-www-form-urlencoded"},
		{"/signup", "application/x-www-form-urlencoded"},
	} {
		for _, enc := range []string{"gzip, gzip", "gzip", "deflate", "br"} {
			req := httptest.NewRequest("POST", tc.path, bytes.NewReader(bomb))
			req.Header.Set("Content-Type", tc.ctype)
			req.Header.Set("Content-Encoding", enc)
			status, body, _ := e.do(req)
			// The API's message, or the page's sentence of it.
			if status != 415 || !strings.Contains(strings.ToLower(body), "compressed request bodies are not accepted") {
				t.Errorf("%s with Content-Encoding %q: %d %.200s", tc.path, enc, status, body)
			}
		}
	}
	if _, _, err := e.store.UserByName(context.Background(), "ada"); err == nil {
		t.Error("a compressed sign-up made an account")
	}
}

// Forms and JSON bodies are small, and a form has few fields: a form bomb
// is refused before the CSRF middleware or the sign-in limiter parse it.
func TestFormAndJSONBodyLimits(t *testing.T) {
	e := newEnv(t, true)
	manyFields := strings.Repeat("a&", maxFormFields) + "username=ada"
	large := "username=" + strings.Repeat("a", 64<<10)
	for _, path := range []string{"/login", "/signup", "/api/v1/login", "/api/v1/signup"} {
		for _, tc := range []struct {
			name, body, want string
		}{
			{"too many fields", manyFields, "more than 100 fields"},
			{"over 64 KiB", large, "larger than 64 KiB"},
		} {
			req := httptest.NewRequest("POST", path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			status, body, _ := e.do(req)
			if status != 413 || !strings.Contains(body, tc.want) {
				t.Errorf("%s, %s: %d %.300s", path, tc.name, status, body)
			}
		}
	}
	// A multipart form counts its parts the same way.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	for i := range maxFormFields + 1 {
		mw.WriteField(fmt.Sprint("f", i), "")
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/login", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if status, body, _ := e.do(req); status != 413 || !strings.Contains(body, "more than 100 fields") {
		t.Errorf("a multipart form of %d fields: %d %.300s", maxFormFields+1, status, body)
	}
}

// A chunked body, of no declared length, is cut at the limit too.
func TestChunkedBodyOverTheLimit(t *testing.T) {
	e := newEnv(t, true)
	addr := e.serve(t)
	chunk := strings.Repeat("a", 8<<10)
	c := sendRaw(t, addr, "POST /api/v1/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
	for range 9 {
		fmt.Fprintf(c, "%x\r\n%s\r\n", len(chunk), chunk)
	}
	resp, body := answerOf(t, c, 5*time.Second)
	if resp.StatusCode != 413 || !strings.Contains(body, "larger than 64 KiB") {
		t.Errorf("a chunked body over the limit: %d %.300s", resp.StatusCode, body)
	}
}

// A declared length over the route's limit is refused before any of the
// body is read: the client gets its answer without sending it.
func TestDeclaredLengthOverTheLimitIsRefusedAtOnce(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	addr := e.serve(t)
	for _, tc := range []struct{ name, head string }{
		{"a sign-up of 21 MB", "POST /api/v1/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 21000000\r\n\r\n{"},
		{"a page form of 1 MB", "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\na"},
		{"an upload of 30 MB", "POST /api/v1/banks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + teacher + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 30000000\r\n\r\n-"},
	} {
		c := sendRaw(t, addr, tc.head)
		resp, body := answerOf(t, c, 5*time.Second)
		if resp.StatusCode != 413 || !strings.Contains(body, "larger than") {
			t.Errorf("%s: %d %.200s", tc.name, resp.StatusCode, body)
		}
	}
}

// A body that arrives too slowly is answered 408 when its time is up.
func TestSlowBodyTimesOut(t *testing.T) {
	e := newEnv(t, true)
	e.withConfig(Config{SignupOpen: true, BodyTimeout: 300 * time.Millisecond})
	addr := e.serve(t)
	c := sendRaw(t, addr, "POST /api/v1/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
	resp, body := answerOf(t, c, 10*time.Second)
	if resp.StatusCode != 408 || !strings.Contains(body, "arrived too slowly") {
		t.Errorf("a body that never arrives: %d %.200s", resp.StatusCode, body)
	}
}

// uploadHead is the start of a multipart upload of a file of declared
// size, with its first bytes.
func uploadHead(path, auth string, size int) string {
	const boundary = "b0undary"
	method, target, ok := strings.Cut(path, " ") // "PUT /api/v1/banks/1", or a path to POST to
	if !ok {
		method, target = "POST", path
	}
	part := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"set.csv\"\r\nContent-Type: text/csv\r\n\r\nprompt,answer\n"
	return fmt.Sprintf("%s %s HTTP/1.1\r\nHost: x\r\n%sContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n%s", method, target, auth, boundary, size, part)
}

// Slow uploads are streamed to disk, a few at a time: more get 503 with
// Retry-After, the slow ones time out, /healthz answers throughout, and no
// temporary file is left.
func TestSlowUploadsAreBounded(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	e.withConfig(Config{SignupOpen: true, UploadsInFlight: 2, UploadTimeout: time.Second})
	addr := e.serve(t)
	auth := "Authorization: Bearer " + teacher + "\r\n"
	var slow []net.Conn
	for range 2 {
		c := sendRaw(t, addr, uploadHead("/api/v1/banks", auth, 10<<20))
		// Enough of the file to reach the disk, then nothing more.
		fmt.Fprint(c, strings.Repeat("Question?,Answer\n", 4096))
		slow = append(slow, c)
	}
	time.Sleep(300 * time.Millisecond) // both are being received
	for range 3 {
		c := sendRaw(t, addr, uploadHead("/api/v1/banks", auth, 10<<20))
		resp, body := answerOf(t, c, 5*time.Second)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many uploads") {
			t.Errorf("an upload beyond the limit: %d %q %.200s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	if resp, err := http.Get(addr + "/healthz"); err != nil || resp.StatusCode != 200 {
		var body []byte
		if err == nil {
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		t.Errorf("/healthz during slow uploads: %v %s", err, body)
	}
	for _, c := range slow {
		resp, body := answerOf(t, c, 10*time.Second)
		if resp.StatusCode != 408 || !strings.Contains(body, "arrived too slowly") {
			t.Errorf("a slow upload: %d %.200s", resp.StatusCode, body)
		}
	}
	// The slots are free again: a whole upload goes through.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	w, _ := mw.CreateFormFile("file", "set.csv")
	fmt.Fprint(w, "prompt,answer\n")
	for i := range 2000 {
		fmt.Fprintf(w, "Question %d?,Answer %d\n", i, i)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", addr+"/api/v1/banks", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+teacher)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 || !strings.Contains(string(body), `"question_count":2000`) {
		t.Errorf("a whole upload after the slow ones: %d %.300s", resp.StatusCode, body)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// An upload from someone who may not upload is refused before its body is
// read, so that nobody else can hold an upload's slot, memory or disk.
func TestUploadsNeedTheRightToUploadFirst(t *testing.T) {
	e := newEnv(t, true)
	student := e.user("ada")
	addr := e.serve(t)
	for _, tc := range []struct {
		name, path, auth string
		want             int
	}{
		{"the API without a token", "/api/v1/banks", "", 401},
		{"the API with a wrong token", "/api/v1/banks", "Authorization: Bearer nope\r\n", 401},
		{"the API as a student", "/api/v1/banks", "Authorization: Bearer " + student + "\r\n", 403},
		{"an update without a token", "PUT /api/v1/banks/1", "", 401},
		{"an update as a student", "PUT /api/v1/banks/1", "Authorization: Bearer " + student + "\r\n", 403},
		{"the page without a session", "/upload", "", 303},
	} {
		c := sendRaw(t, addr, uploadHead(tc.path, tc.auth, 10<<20))
		resp, body := answerOf(t, c, 5*time.Second)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d %.200s, want %d", tc.name, resp.StatusCode, body, tc.want)
		}
	}
}

// The page upload works through the streamed, bounded path with its CSRF
// token read from the multipart form.
func TestPageUploadStreams(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, map[string][]string{"username": {"teacher"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", "/upload", nil)
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("_csrf", b.csrf(page))
	mw.WriteField("format", "csv")
	w, _ := mw.CreateFormFile("file", "set.csv")
	fmt.Fprint(w, "prompt,answer\n")
	for i := range 1000 {
		fmt.Fprintf(w, "Question %d?,Answer %d\n", i, i)
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/upload", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	status, body, _ := e.do(req)
	if status != 200 || !strings.Contains(body, "1000") {
		t.Errorf("a page upload: %d %.500s", status, body)
	}
	// Too many parts are refused.
	mp.Reset()
	mw = multipart.NewWriter(&mp)
	for i := range maxUploadParts + 1 {
		mw.WriteField(fmt.Sprint("f", i), "x")
	}
	mw.Close()
	req = httptest.NewRequest("POST", "/upload", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	if status, body, _ := e.do(req); status != 413 || !strings.Contains(body, "more than 16 parts") {
		t.Errorf("an upload of %d parts: %d %.300s", maxUploadParts+1, status, body)
	}
}

func TestBoundedBodyCountsDelimitersAcrossReads(t *testing.T) {
	body := strings.Repeat("x\r\n--bnd", 5)
	for _, chunk := range []int{1, 2, 3, 7, 100} {
		bb := &boundedBody{r: &chunkReader{s: body, n: chunk}, left: 1000, delim: []byte("\r\n--bnd"), maxDelims: 4}
		_, err := io.ReadAll(bb)
		if err != errBoundedParts || bb.delims != 5 {
			t.Errorf("chunks of %d: %d delimiters, error %v; want 5 and too many parts", chunk, bb.delims, err)
		}
		bb = &boundedBody{r: &chunkReader{s: body, n: chunk}, left: int64(len(body)) - 1, delim: []byte("\r\n--bnd"), maxDelims: 10}
		if _, err := io.ReadAll(bb); err != errBoundedTooLarge {
			t.Errorf("chunks of %d, one byte over: %v", chunk, err)
		}
	}
}

// chunkReader reads s n bytes at a time.
type chunkReader struct {
	s string
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.n)], r.s)
	r.s = r.s[n:]
	return n, nil
}

// Every route of the app, for every caller, refuses a compressed body and
// a body over its limit before anything else looks at the request.
func TestEveryRouteBoundsItsBody(t *testing.T) {
	w := newAuthzWorld(t)
	over := strings.Repeat("a", 64<<10+1)
	seen := map[string]bool{}
	for _, r := range w.e.app.GetRoutes(true) {
		key := r.Method + " " + r.Path
		if r.Method == http.MethodHead || seen[key] || r.Path == "/" && r.Method != http.MethodGet {
			continue
		}
		seen[key] = true
		for i := range callers {
			var cookies map[string]string
			token := ""
			if strings.HasPrefix(r.Path, "/api/") {
				token = w.token(t, i)
			} else {
				cookies = w.browser(t, i, false).cookies
			}
			send := func(body string, header map[string]string) (int, string) {
				req := httptest.NewRequest(r.Method, w.fill(r.Path), strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, v := range header {
					req.Header.Set(k, v)
				}
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				for k, v := range cookies {
					req.AddCookie(&http.Cookie{Name: k, Value: v})
				}
				status, out, _ := w.e.do(req)
				return status, out
			}
			if status, out := send("x=1", map[string]string{"Content-Encoding": "gzip"}); status != 415 {
				t.Errorf("%s as %s, compressed: %d %.100s", key, callers[i], status, out)
			}
			if key == "POST /upload" || key == "POST /api/v1/banks" || key == "PUT /api/v1/banks/:id" {
				continue // checked by the upload tests: 20 MiB, for uploaders only
			}
			if key == "POST /upload/review" {
				continue // checked by TestUploadReviewRefuses: 4 MiB, for uploaders only
			}
			if status, out := send(over, nil); status != 413 {
				t.Errorf("%s as %s, a body over 64 KiB: %d %.100s", key, callers[i], status, out)
			}
		}
	}
	if len(seen) < 40 {
		t.Errorf("only %d routes checked", len(seen))
	}
}
