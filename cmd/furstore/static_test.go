package main

import (
	"bufio"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"go.yaml.in/yaml/v4"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// The binary the image ships, run the way the image runs it — where no container engine is at hand: built by
// scripts/build-static.sh (which the Dockerfile runs), statically linked, started as a user other than root
// from an empty working directory it cannot write, with nothing in its environment but what the Dockerfile's
// ENV and compose.yaml's x-furstore-env give it (the database, media folder and listening addresses swapped
// for the test's). It migrates, serves, answers the health checks and the catalog, and stops cleanly on SIGTERM.
func TestStaticBinaryAsTheContainerRunsIt(t *testing.T) {
	dbURL := overTCP(t, dbtest.URL(t))
	root, err := os.MkdirTemp("", "furstore-static-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil { // the unprivileged user must reach the binary
		t.Fatal(err)
	}

	dockerfile := readFile(t, "../../Dockerfile")
	if !strings.Contains(dockerfile, "scripts/build-static.sh") {
		t.Fatal("the Dockerfile does not build with scripts/build-static.sh, so this test no longer tests its binary")
	}
	bin := filepath.Join(root, "furstore")
	build := exec.Command("sh", "../../scripts/build-static.sh", bin)
	build.Env = append(os.Environ(), "VERSION=static-test")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build-static.sh: %v\n%s", err, out)
	}
	assertStatic(t, bin)

	work := filepath.Join(root, "work") // empty, and not the server's to write
	mediaDir := filepath.Join(root, "media")
	for _, d := range []string{work, mediaDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cred := unprivileged(t)
	if err := os.Chown(mediaDir, int(cred.Uid), int(cred.Gid)); err != nil {
		t.Fatal(err)
	}

	env := containerEnv(t, dockerfile, readFile(t, "../../compose.yaml"))
	for name, want := range map[string]string{"HOST": "0.0.0.0", "MEDIA_DIR": "/var/lib/furstore/media", "LOG_FORMAT": "json"} {
		if env[name] != want {
			t.Fatalf("the container's %s is %q, this test expects %q: update it", name, env[name], want)
		}
	}
	// What only the compose network has, swapped for the test's own; everything else stays as the file says
	// (SMTP_HOST names Mailpit, which nobody asks for here: no mail is queued).
	// The test's database is PostgreSQL itself, without the compose file's PgBouncer in front (TestBehindPgBouncer
	// runs the servers behind one).
	env["DATABASE_URL"] = dbURL
	if _, ok := env["DATABASE_LISTEN_URL"]; ok {
		env["DATABASE_LISTEN_URL"] = dbURL
	}
	if env["DATABASE_PGBOUNCER"] != "true" {
		t.Fatalf("the compose file's servers do not say they are behind PgBouncer (DATABASE_PGBOUNCER=%q)", env["DATABASE_PGBOUNCER"])
	}
	env["DATABASE_PGBOUNCER"] = "false"
	env["MEDIA_DIR"] = mediaDir
	env["HOST"] = "127.0.0.1"
	env["PORT"] = "0"
	if env["METRICS_ADDR"] != "" {
		env["METRICS_ADDR"] = "127.0.0.1:0"
	}
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = work, environ
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		return cmd
	}

	// The compose file's migrate service runs with the servers' environment, PgBouncer switch and all: it must
	// reach PostgreSQL through DATABASE_LISTEN_URL alone (here DATABASE_URL names a port nobody listens on).
	migrate := command("migrate", "up")
	migrate.Env = append(slices.Clone(environ), "DATABASE_PGBOUNCER=true", "DATABASE_URL=postgres://furstore@127.0.0.1:1/furstore")
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("furstore migrate up: %v\n%s", err, out)
	}

	srv := command("serve")
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	base := make(chan string, 1)
	var log syncBuffer
	go func() {
		// The JSON log's "serving" line carries the address the kernel gave port 0.
		lines := bufio.NewScanner(stderr)
		for lines.Scan() {
			log.Write(append(lines.Bytes(), '\n'))
			var rec struct{ Msg, URL string }
			if json.Unmarshal(lines.Bytes(), &rec) == nil && rec.Msg == "serving" {
				base <- rec.URL
			}
		}
		exited <- srv.Wait()
	}()
	t.Cleanup(func() { _ = srv.Process.Kill() })
	var url string
	select {
	case url = <-base:
	case err := <-exited:
		t.Fatalf("furstore serve ended at once: %v\n%s", err, log.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("furstore serve did not say where it listens within 30 s\n%s", log.String())
	}

	for _, path := range []string{"/healthz", "/readyz", "/api/categories", "/api/products?sort_by=price"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s → %d %s", path, res.StatusCode, body)
		}
		if strings.HasPrefix(path, "/api/products") && !strings.Contains(string(body), `"count"`) {
			t.Errorf("GET %s: not a product list: %s", path, body)
		}
	}

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("furstore serve after SIGTERM: %v\n%s", err, log.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("furstore serve did not stop within 20 s of SIGTERM\n%s", log.String())
	}
}

// assertStatic fails unless the file is an ELF executable with no program interpreter and no shared libraries:
// what runs on distroless/static, which has no dynamic loader and no libc.
func assertStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s asks for a dynamic loader (PT_INTERP): built with cgo?", path)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		t.Fatal(err)
	}
	if len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v", path, libs)
	}
}

// unprivileged names the user the server runs as: nobody when the test runs as root, else the test's own
// user, which is not root either.
func unprivileged(t *testing.T) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return &syscall.Credential{Uid: uint32(os.Geteuid()), Gid: uint32(os.Getegid())}
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		t.Fatalf("no user nobody to run the server as: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}

// containerEnv is the environment a server container starts with: the final stage's ENV in the Dockerfile,
// overridden by compose.yaml's x-furstore-env, with compose's ${VAR}, ${VAR:-default} and ${VAR:?message}
// filled in as an operator's .env would (the one required variable, POSTGRES_PASSWORD, gets a stand-in).
func containerEnv(t *testing.T, dockerfile, compose string) map[string]string {
	t.Helper()
	env := map[string]string{}
	stage := dockerfile[strings.LastIndex(dockerfile, "\nFROM "):]
	stage = strings.ReplaceAll(stage, "\\\n", " ")
	for _, line := range strings.Split(stage, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		switch strings.ToUpper(fields[0]) {
		case "ENV":
			for _, kv := range fields[1:] {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					t.Fatalf("Dockerfile: ENV %s: write ENV NAME=value", kv)
				}
				env[k] = strings.Trim(v, `"`)
			}
		case "USER":
			if u := strings.Split(fields[1], ":")[0]; u == "root" || u == "0" {
				t.Fatalf("the Dockerfile runs the server as root (USER %s)", fields[1])
			}
		}
	}

	var file struct {
		Env      map[string]string `yaml:"x-furstore-env"`
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(compose), &file); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	if len(file.Env) == 0 {
		t.Fatal("compose.yaml has no x-furstore-env")
	}
	for _, name := range []string{"app1", "app2"} {
		if fmt.Sprint(file.Services[name].Environment) != fmt.Sprint(file.Env) {
			t.Fatalf("compose.yaml: the server %s has an environment of its own, not x-furstore-env", name)
		}
	}
	operator := map[string]string{"POSTGRES_PASSWORD": "stand-in"}
	ref := regexp.MustCompile(`\$\{(\w+)(?::([-?])([^}]*))?\}`)
	for k, v := range file.Env {
		env[k] = ref.ReplaceAllStringFunc(v, func(m string) string {
			p := ref.FindStringSubmatch(m)
			if val := operator[p[1]]; val != "" {
				return val
			}
			if p[2] == "?" {
				t.Fatalf("compose.yaml requires %s, which this test does not know", p[1])
			}
			return p[3]
		})
	}
	return env
}

// overTCP returns a URL of the same database reached over TCP on loopback, forwarded to where the test cluster
// listens: a socket in a folder only its owner may enter, which the unprivileged server cannot (and a container
// reaches its database over TCP anyway).
func overTCP(t *testing.T, dbURL string) string {
	t.Helper()
	cfg, err := pgconn.ParseConfig(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	network, addr := "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if strings.HasPrefix(cfg.Host, "/") {
		network, addr = "unix", filepath.Join(cfg.Host, fmt.Sprintf(".s.PGSQL.%d", cfg.Port))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				d, err := net.Dial(network, addr)
				if err != nil {
					return
				}
				defer d.Close()
				go func() { _, _ = io.Copy(d, c); d.Close() }()
				_, _ = io.Copy(c, d)
			}()
		}
	}()
	u := &neturl.URL{Scheme: "postgres", User: neturl.UserPassword(cfg.User, cfg.Password), Host: ln.Addr().String(),
		Path: "/" + cfg.Database, RawQuery: "sslmode=disable"}
	if cfg.Password == "" {
		u.User = neturl.User(cfg.User)
	}
	return u.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
