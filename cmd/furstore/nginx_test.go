package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math/big"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// shopHost is the name the test's client asks nginx for; links in the answers must carry it (and nginx's port),
// not the servers' own addresses.
const shopHost = "shop.test"

// Debian's nginx runs deploy/nginx/furstore.conf — only its listen ports, certificate paths, media folder and
// upstream addresses substituted — in front of two `furstore serve` processes that trust it (TRUSTED_PROXIES):
// what a customer and a manager get over https is what the servers would give them over TLS themselves.
func TestBehindNginx(t *testing.T) {
	mediaDir := t.TempDir()
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "MEDIA_DIR": mediaDir, "PORT": "0", "LOG_LEVEL": "info",
		"TRUSTED_PROXIES": "127.0.0.1/32", "FURSTORE_SUPERUSER_PASSWORD": "соболья-шуба-2027"}
	var out syncBuffer
	p := program{getenv: func(k string) string { return env[k] }, stdout: &out, stderr: &out}
	for _, args := range [][]string{{"migrate", "up"}, {"seed-demo", "--if-empty"}, {"createsuperuser", "--email", "boss@mekha.ru"}} {
		if err := p.run(context.Background(), args); err != nil {
			t.Fatalf("furstore %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
	}
	var logA, logB syncBuffer
	a, b := serve(t, env, &logA), serve(t, env, &logB) // each with its own log, to see which one answered
	px := startNginx(t, mediaDir, a, b)
	c := px.client

	t.Run("plain http is sent to https", func(t *testing.T) {
		res := px.do(t, c, "GET", "http://"+shopHost+":"+px.httpPort+"/api/products?page=2", nil)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || loc != "https://"+shopHost+"/api/products?page=2" {
			t.Errorf("got %d Location %q", res.StatusCode, loc)
		}
	})

	// A listing through nginx: its links and pictures are https://shop.test:<port>/…, as the client asked.
	var page struct {
		Next    *string `json:"next"`
		Results []struct {
			ID      int64 `json:"id"`
			Picture *struct {
				URL string `json:"url"`
			} `json:"picture"`
		} `json:"results"`
	}
	px.getJSON(t, c, "/api/products?in_stock=true&page_size=5", &page)
	if page.Next == nil || !strings.HasPrefix(*page.Next, px.base+"/api/products?") {
		t.Errorf("next page link %s, want it under %s", deref(page.Next), px.base)
	}
	var picture string
	for _, r := range page.Results {
		if r.Picture != nil {
			picture = r.Picture.URL
			if !strings.HasPrefix(picture, px.base+"/media/") {
				t.Errorf("picture %s, want it under %s/media/", picture, px.base)
			}
		}
	}
	if picture == "" {
		t.Fatalf("no picture in %+v", page)
	}

	t.Run("requests reach both servers", func(t *testing.T) {
		for range 10 {
			px.getJSON(t, c, "/api/categories", nil)
		}
		for name, log := range map[string]*syncBuffer{"first": &logA, "second": &logB} {
			if !strings.Contains(log.String(), "/api/categories") {
				t.Errorf("the %s server answered none of 10 requests", name)
			}
		}
	})

	t.Run("pictures are served by nginx from the folder", func(t *testing.T) {
		res := px.do(t, c, "GET", picture, nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || len(body) == 0 || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("picture → %d, %d bytes, headers %v", res.StatusCode, len(body), res.Header)
		}
		if strings.Contains(logA.String()+logB.String(), "/media/") {
			t.Error("a server was asked for a picture nginx should have served")
		}
		res = px.do(t, c, "GET", px.base+"/media/no-such-file.jpg", nil)
		if body, _ := io.ReadAll(res.Body); res.StatusCode != 404 || !strings.Contains(string(body), `"not_found"`) {
			t.Errorf("missing picture → %d %s", res.StatusCode, body)
		}
	})

	t.Run("answers are gzipped", func(t *testing.T) {
		for _, path := range []string{"/api/openapi.yaml", "/api/categories", "/api/products?page_size=20"} {
			res := px.do(t, c, "GET", px.base+path, nil, "Accept-Encoding", "gzip")
			if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s → %d, Content-Encoding %q", path, res.StatusCode, res.Header.Get("Content-Encoding"))
			}
		}
	})

	t.Run("cookies are Secure", func(t *testing.T) {
		var card struct {
			Variants []struct {
				ID    int64 `json:"id"`
				Stock int32 `json:"stock"`
			} `json:"variants"`
		}
		px.getJSON(t, c, "/api/product?id="+strconv.FormatInt(page.Results[0].ID, 10), &card)
		variant := int64(0)
		for _, v := range card.Variants {
			if v.Stock > 0 {
				variant = v.ID
			}
		}
		res := px.do(t, c, "POST", px.base+"/api/cart", strings.NewReader(fmt.Sprintf(`{"variant_id":%d,"quantity":1}`, variant)),
			"Content-Type", "application/json")
		io.Copy(io.Discard, res.Body)
		if res.StatusCode/100 != 2 || !allSecure(res) {
			t.Errorf("cart → %d, Set-Cookie %q", res.StatusCode, res.Header.Values("Set-Cookie"))
		}
		form := url.Values{"email": {"boss@mekha.ru"}, "password": {"соболья-шуба-2027"}, "next": {"/admin/orders"}}
		res = px.do(t, c, "POST", px.base+"/admin/login", strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Origin", px.base)
		io.Copy(io.Discard, res.Body)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/orders" || !allSecure(res) {
			t.Errorf("panel sign-in → %d Location %q, Set-Cookie %q", res.StatusCode, res.Header.Get("Location"), res.Header.Values("Set-Cookie"))
		}
	})

	t.Run("forwarded headers from others are not believed", func(t *testing.T) {
		spoof := []string{"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"}
		// Through nginx: it writes its own values over the client's.
		var got struct {
			Next *string `json:"next"`
		}
		px.getJSON(t, c, "/api/products?page_size=5", &got, spoof...)
		if got.Next == nil || !strings.HasPrefix(*got.Next, px.base+"/") {
			t.Errorf("through nginx with a spoofed host: next %s", deref(got.Next))
		}
		// Straight to a server from an address that is not a trusted proxy (127.0.0.2, not in 127.0.0.1/32).
		other := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{
			LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}).DialContext}}
		got.Next = nil
		px.getJSON(t, other, a+"/api/products?page_size=5", &got, spoof...)
		if got.Next == nil || !strings.HasPrefix(*got.Next, a+"/") {
			t.Errorf("straight from an untrusted address with a spoofed host: next %s, want it under %s", deref(got.Next), a)
		}
		res := px.do(t, other, "POST", a+"/api/cart", strings.NewReader(`{"variant_id":1,"quantity":1}`),
			append([]string{"Content-Type", "application/json"}, spoof...)...)
		io.Copy(io.Discard, res.Body)
		for _, ck := range res.Cookies() {
			if ck.Secure {
				t.Errorf("an untrusted client's X-Forwarded-Proto made cookie %s Secure", ck.Name)
			}
		}
	})

	t.Run("pictures up to the limit are uploaded, bigger ones refused clearly", func(t *testing.T) {
		var login struct {
			Token string `json:"token"`
		}
		body := strings.NewReader(`{"email":"boss@mekha.ru","password":"соболья-шуба-2027"}`)
		res := px.do(t, c, "POST", px.base+"/api/auth/login", body, "Content-Type", "application/json")
		if err := json.NewDecoder(res.Body).Decode(&login); err != nil || login.Token == "" {
			t.Fatalf("sign-in → %d: %v", res.StatusCode, err)
		}
		route := px.base + "/api/admin/products/" + strconv.FormatInt(page.Results[0].ID, 10) + "/images"
		for _, tc := range []struct {
			name      string
			size      int
			status    int
			code, say string
		}{
			{"just under 10 MiB", media.MaxUploadBytes - 8<<10, http.StatusCreated, "", ""},
			{"just over 10 MiB, refused by the server", media.MaxUploadBytes + 100<<10, 413, "file_too_large", "10 MiB"},
			{"12 MiB, refused by nginx", 12 << 20, 413, "body_too_large", "10 MiB"},
		} {
			form, ctype := pictureForm(t, tc.size)
			res := px.do(t, c, "POST", route, form, "Content-Type", ctype, "Authorization", "Bearer "+login.Token)
			got, _ := io.ReadAll(res.Body)
			if res.StatusCode != tc.status || !strings.Contains(string(got), tc.code) || !strings.Contains(string(got), tc.say) {
				t.Errorf("%s → %d %.300s; want %d %s", tc.name, res.StatusCode, got, tc.status, tc.code)
			}
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

// allSecure reports whether a response sets cookies and every one is Secure.
func allSecure(res *http.Response) bool {
	cookies := res.Cookies()
	for _, ck := range cookies {
		if !ck.Secure {
			return false
		}
	}
	return len(cookies) > 0
}

// pictureForm is a multipart form whose "file" is a real JPEG padded to size bytes (decoders stop at its end).
func pictureForm(t *testing.T, size int) (io.Reader, string) {
	t.Helper()
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	if err := jpeg.Encode(&pic, img, nil); err != nil {
		t.Fatal(err)
	}
	pic.Write(make([]byte, size-pic.Len()))
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "coat.jpg")
	fw.Write(pic.Bytes())
	mw.Close()
	return &form, mw.FormDataContentType()
}

// proxy is a running nginx and a client that reaches it as https://shop.test:<port>.
type proxy struct {
	base, httpPort string
	client         *http.Client
}

func (px *proxy) do(t *testing.T, c *http.Client, method, url string, body io.Reader, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// getJSON GETs path (under px.base unless it is a URL) and decodes a 200 answer into v.
func (px *proxy) getJSON(t *testing.T, c *http.Client, path string, v any, header ...string) {
	t.Helper()
	if !strings.Contains(path, "://") {
		path = px.base + path
	}
	res := px.do(t, c, "GET", path, nil, header...)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s → %d %s", path, res.StatusCode, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
}

// startNginx runs nginx in the foreground with deploy/nginx/furstore.conf in front of the servers a and b.
func startNginx(t *testing.T, mediaDir, a, b string) *proxy {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if bin, err = exec.LookPath("/usr/sbin/nginx"); err != nil {
			t.Fatal("nginx is not installed (apt-get install nginx; .ci/run installs it)")
		}
	}
	dir := t.TempDir()
	certFile, keyFile := selfSigned(t, dir)
	httpPort, httpsPort := freePort(t), freePort(t)
	conf, err := os.ReadFile("../../deploy/nginx/furstore.conf")
	if err != nil {
		t.Fatal(err)
	}
	site := string(conf)
	for _, s := range [][2]string{
		{"listen 80;", "listen 127.0.0.1:" + httpPort + ";"},
		{"listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;"},
		{"/etc/letsencrypt/live/mekha-shuby.ru/fullchain.pem", certFile},
		{"/etc/letsencrypt/live/mekha-shuby.ru/privkey.pem", keyFile},
		{"/var/lib/furstore/media/", mediaDir + "/"},
		{"server 127.0.0.1:8001;", "server " + strings.TrimPrefix(a, "http://") + ";"},
		{"server 127.0.0.1:8002;", "server " + strings.TrimPrefix(b, "http://") + ";"},
	} {
		if strings.Count(site, s[0]) != 1 {
			t.Fatalf("deploy/nginx/furstore.conf should hold %q once", s[0])
		}
		site = strings.Replace(site, s[0], s[1], 1)
	}
	write := func(name, text string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	write("furstore.conf", site)
	// What Debian's /etc/nginx/nginx.conf gives the site, with every path in the temporary folder.
	mainConf := write("nginx.conf", fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[1]s/furstore.conf;
}
`, dir))
	cmd := exec.Command(bin, "-p", dir, "-c", mainConf, "-e", filepath.Join(dir, "error.log"))
	var nginxOut syncBuffer
	cmd.Stdout, cmd.Stderr = &nginxOut, &nginxOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		_ = cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx:\n%s%s", nginxOut.String(), log)
		}
	})

	pool := x509.NewCertPool()
	certPEM, _ := os.ReadFile(certFile)
	pool.AppendCertsFromPEM(certPEM)
	// Every connection goes to nginx, whatever host the URL names: the client believes it talks to shop.test.
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		port := httpsPort
		if strings.HasSuffix(addr, ":"+httpPort) {
			port = httpPort
		}
		return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
	}
	client := &http.Client{
		Transport:     &http.Transport{DialContext: dial, TLSClientConfig: &tls.Config{RootCAs: pool}, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	px := &proxy{base: "https://" + shopHost + ":" + httpsPort, httpPort: httpPort, client: client}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := client.Get(px.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return px
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not answer: %v\n%s%s", err, nginxOut.String(), log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// selfSigned writes a certificate for shop.test and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: shopHost},
		DNSNames: []string{shopHost}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

// freePort returns a TCP port on 127.0.0.1 that nobody listens on right now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}
