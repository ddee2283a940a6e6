package account_test

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

func registerBody(email string) string {
	return fmt.Sprintf(`{"email":%q,"password":"норковая-шуба-2026"}`, email)
}

// A script testing which addresses have accounts through registration's «e-mail taken» is stopped after a
// few tries per client address, and another client is not held up by it.
func TestRegistrationIsRateLimitedPerClient(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{
		Limits:         account.Limits{RegisterPerIP: ratelimit.Limit{Max: 3, Window: time.Hour}},
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
	})
	from := func(ip string) []string { return []string{"X-Forwarded-For", ip} }
	for i, want := range []int{201, 409, 201, 429, 429} {
		res := s.Do("POST", "/api/auth/register", registerBody(fmt.Sprintf("probe%d@mail.ru", i/2)), from("203.0.113.7")...)
		if res.Status != want {
			t.Fatalf("registration %d from one client → %d %s; want %d", i+1, res.Status, res.Body, want)
		}
		if want == 429 {
			retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
			if retry < 1 || retry > 3600 || apptest.ErrorOf(t, res).Error.Code != "too_many_requests" {
				t.Errorf("limited registration: Retry-After %q, %s", res.Header.Get("Retry-After"), res.Body)
			}
		}
	}
	if res := s.Do("POST", "/api/auth/register", registerBody("other@mail.ru"), from("203.0.113.8")...); res.Status != 201 {
		t.Errorf("another client's registration → %d %s; want 201", res.Status, res.Body)
	}
}

// «E-mail taken» takes as long as a new account: the password is hashed (argon2id, tens of milliseconds) in
// both cases, so the answer's time does not tell a script more than its status. Measured here side by side,
// with generous bounds: skipping the hash for a taken address makes that answer several times faster.
func TestRegistrationTakesAsLongWhenEmailTaken(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t, apptest.Options{})
	s.Register("taken@mail.ru", "норковая-шуба-2026")
	var fresh, taken []time.Duration
	for i := range 7 {
		start := time.Now()
		if res := s.Do("POST", "/api/auth/register", registerBody(fmt.Sprintf("new%d@mail.ru", i))); res.Status != 201 {
			t.Fatalf("new account → %d %s", res.Status, res.Body)
		}
		fresh = append(fresh, time.Since(start))
		start = time.Now()
		if res := s.Do("POST", "/api/auth/register", registerBody("taken@mail.ru")); res.Status != 409 || apptest.ErrorOf(t, res).Error.Code != "email_taken" {
			t.Fatalf("taken e-mail → %d %s", res.Status, res.Body)
		}
		taken = append(taken, time.Since(start))
	}
	median := func(d []time.Duration) time.Duration { slices.Sort(d); return d[len(d)/2] }
	f, tk := median(fresh), median(taken)
	t.Logf("median answer: new account %v, e-mail taken %v (ratio %.2f)", f, tk, float64(tk)/float64(f))
	if tk < f/2 || tk > 2*f {
		t.Errorf("e-mail taken answers in %v, a new account in %v: the times tell them apart", tk, f)
	}
}
