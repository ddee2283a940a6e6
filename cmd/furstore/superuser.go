package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/mekhaishuby/furstore/internal/app"
	"github.com/mekhaishuby/furstore/internal/config"
)

// createSuperuser makes a staff account, or promotes an existing one. The password comes from
// FURSTORE_SUPERUSER_PASSWORD or a prompt, never a flag: flags end up in shell history and process lists.
func (p program) createSuperuser(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	flags := flag.NewFlagSet("createsuperuser", flag.ContinueOnError)
	flags.SetOutput(p.stderr)
	email := flags.String("email", "", "the staff member's e-mail (required)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("usage: furstore createsuperuser --email a@b.ru (password from FURSTORE_SUPERUSER_PASSWORD or a prompt)")
	}
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	accounts, err := app.NewAccounts(cfg, pool, log, app.Tuning{})
	if err != nil {
		return err
	}
	created, err := accounts.CreateSuperuser(ctx, *email, p.superuserPassword)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(p.stdout, "staff account %s created\n", strings.ToLower(strings.TrimSpace(*email)))
	} else {
		fmt.Fprintf(p.stdout, "%s already had an account: it is staff now (its password is unchanged)\n", *email)
	}
	return nil
}

func (p program) superuserPassword() (string, error) {
	if pw := p.getenv("FURSTORE_SUPERUSER_PASSWORD"); pw != "" {
		return pw, nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		// A pipe: read one line, so scripts can do `printf '%s\n' "$pw" | furstore createsuperuser …`.
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("no password: set FURSTORE_SUPERUSER_PASSWORD or run in a terminal to be asked")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	fmt.Fprint(p.stderr, "Password: ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(p.stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(p.stderr, "Password (again): ")
	again, err := term.ReadPassword(fd)
	fmt.Fprintln(p.stderr)
	if err != nil {
		return "", err
	}
	if string(first) != string(again) {
		return "", errors.New("the passwords differ")
	}
	return string(first), nil
}
