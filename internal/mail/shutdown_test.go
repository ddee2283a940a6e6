package mail_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// stopAfterFirst stops its worker (cancels ctx, as a server shutting down does) once it has sent one mail.
type stopAfterFirst struct {
	mail.Sender
	stop context.CancelFunc
}

func (s *stopAfterFirst) Send(ctx context.Context, id int64, msg mail.Message) error {
	err := s.Sender.Send(ctx, id, msg)
	s.stop()
	return err
}

// A server shutting down in the middle of a batch is not an SMTP failure: the mails it claimed but did not get
// to are sent by the next worker, and are not given up for it.
func TestShutdownMidBatchLosesNoMail(t *testing.T) {
	t.Parallel()
	pool, srv := dbtest.New(t), mailtest.Start(t)
	const n = 5
	var msgs []mail.Message
	for i := range n {
		msgs = append(msgs, resetMail(fmt.Sprintf("Письмо %d", i)))
	}
	enqueue(t, pool, msgs...)
	cfg := testConfig(1) // a mail on its last attempt: a wrongly counted failure gives it up for good

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := newWorker(pool, &stopAfterFirst{Sender: smtpSender(srv), stop: cancel}, cfg)
	first.Run(ctx) // returns after the first mail: its sender cancels ctx

	run(t, newWorker(pool, smtpSender(srv), cfg)) // the server started again
	for _, m := range msgs {
		r := waitRow(t, pool, m.Subject, "settled", func(r outboxRow) bool { return r.Status != "pending" })
		if r.Status != "sent" {
			t.Errorf("outbox row %q = %s; want sent: a shutdown is not a failed attempt", m.Subject, r)
		}
	}
	if got := srv.Messages(t); len(got) != n {
		t.Errorf("%d mails arrived, want %d", len(got), n)
	}
}
