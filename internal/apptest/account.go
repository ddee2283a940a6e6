package apptest

import (
	"context"
	"fmt"
	"net/http"
)

// Auth is the answer to a registration or a sign-in: the session's token and who signed in.
type Auth struct {
	Token string `json:"token"`
	User  struct {
		ID        int64  `json:"id"`
		Email     string `json:"email"`
		FirstName string `json:"first_name"`
		Phone     string `json:"phone"`
		IsStaff   bool   `json:"is_staff"`
	} `json:"user"`
}

// Register signs up a customer named Анна with the given e-mail and password, failing the test unless the
// store accepts them.
func (s *Server) Register(email, password string) Auth {
	s.t.Helper()
	res := s.Do("POST", "/api/auth/register", fmt.Sprintf(`{"email":%q,"password":%q,"first_name":"Анна","phone":"8 (985) 550-88-53"}`, email, password))
	if res.Status != http.StatusCreated {
		s.t.Fatalf("register %s → %d %s", email, res.Status, res.Body)
	}
	var a Auth
	res.JSON(s.t, &a)
	return a
}

// Login signs in; the Auth is read only when the answer is 200, so a test can check a refusal.
func (s *Server) Login(email, password string) (Response, Auth) {
	s.t.Helper()
	res := s.Do("POST", "/api/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password))
	var a Auth
	if res.Status == 200 {
		res.JSON(s.t, &a)
	}
	return res, a
}

// Staff makes a staff member, signs them in and returns their Authorization header.
func (s *Server) Staff(email string) []string {
	s.t.Helper()
	const password = "кладовщица-2026"
	if _, err := s.App.Accounts.CreateSuperuser(context.Background(), email, func() (string, error) { return password, nil }); err != nil {
		s.t.Fatal(err)
	}
	res, a := s.Login(email, password)
	if res.Status != http.StatusOK {
		s.t.Fatalf("staff login → %d %s", res.Status, res.Body)
	}
	return []string{"Authorization", "Bearer " + a.Token}
}

// Customer is a registered user: their id and the header that signs their requests in.
type Customer struct {
	ID   int64
	Auth []string
}

// Customer registers a customer with the password "норковая-шуба-2026".
func (s *Server) Customer(email string) Customer {
	s.t.Helper()
	a := s.Register(email, "норковая-шуба-2026")
	return Customer{ID: a.User.ID, Auth: []string{"Authorization", "Bearer " + a.Token}}
}
