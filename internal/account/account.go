// Package account holds the store's customers and staff: registration, sign-in sessions, profiles, password
// changes and password recovery by e-mail.
package account

import (
	"time"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
)

// User is a customer or a member of staff.
type User struct {
	ID        int64
	Email     string
	FirstName string
	LastName  string
	Phone     string
	IsStaff   bool
	CreatedAt time.Time
}

// Session is a signed-in user, as an authenticated request carries it.
type Session struct {
	ID   int64
	User User
}

func userOf(u accountdb.User) User {
	return User{ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Phone: u.Phone,
		IsStaff: u.IsStaff, CreatedAt: u.CreatedAt}
}
