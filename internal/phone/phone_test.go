package phone

import "testing"

func TestNormalize(t *testing.T) {
	for _, in := range []string{"79855508853", "+7 985 550-88-53", "8 (985) 550-88-53", "+7(985)5508853", "9855508853", "8-985-550-88-53"} {
		if got, err := Normalize(in); err != nil || got != "79855508853" {
			t.Errorf("Normalize(%q) = %q, %v; want 79855508853", in, got, err)
		}
	}
	for _, in := range []string{"", "12345", "+1 202 555 0100", "7985550885", "798555088531", "7985550885a", "++79855508853", "+7 985 550-88-53 доб. 2"} {
		if got, err := Normalize(in); err == nil {
			t.Errorf("Normalize(%q) = %q; want an error", in, got)
		}
	}
}

func TestDigits(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"+7 (985) 550-88-53", "79855508853", true},
		{"550-88", "55088", true},
		{"550.88\u00a053", "5508853", true},
		{"()", "", true},
		{"", "", true},
		{"7+985", "", false},
		{"anna1985", "", false},
	} {
		if got, ok := Digits(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Digits(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
