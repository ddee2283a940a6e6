package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Норковая шуба «Елена»", "norkovaya-shuba-elena"},
		{"Женщинам", "zhenshchinam"},
		{"Жакеты", "zhakety"},
		{"Шубы из енота", "shuby-iz-enota"},
		{"Дублёнки", "dublyonki"},
		{"Собольи шубы", "soboli-shuby"},
		{"Подъезд", "podezd"},
		{"Норковая шуба „Елена“ с капюшоном", "norkovaya-shuba-elena-s-kapyushonom"},
		{"Эхо Цюриха, Щука и Чайка", "ekho-tsyurikha-shchuka-i-chayka"},
		{"  Ёлка -- 2024!  ", "yolka-2024"},
		{"Mink COAT 120 см", "mink-coat-120-sm"},
		{"Шуба—жилет", "shuba-zhilet"},
		{"Café", "caf"}, // letters outside both alphabets separate words; a trailing separator leaves nothing
		{"", ""},
		{"«»", ""},
		{" -- !?… ", ""},
	}
	for _, tt := range tests {
		got := Make(tt.in)
		if got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !Valid(got) {
			t.Errorf("Make(%q) = %q, which is not Valid", tt.in, got)
		}
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"norkovaya-shuba-elena", true},
		{"a", true},
		{"2024", true},
		{"shuba-2", true},
		{strings.Repeat("a", MaxLen), true},
		{strings.Repeat("a", MaxLen+1), false},
		{"", false},
		{"-shuba", false},
		{"shuba-", false},
		{"shuba--elena", false},
		{"-", false},
		{"Shuba", false},
		{"shuba_elena", false},
		{"shuba elena", false},
		{"шуба", false},
		{"shuba/elena", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestUnique(t *testing.T) {
	long := strings.Repeat("abcdefghi-", 10) + "tail" // 104 bytes, words of 9 letters
	word := strings.Repeat("x", 120)
	tests := []struct {
		name  string
		base  string
		taken []string
		want  string
	}{
		{"free", "shuba", nil, "shuba"},
		{"taken once", "shuba", []string{"shuba"}, "shuba-2"},
		{"taken thrice", "shuba", []string{"shuba", "shuba-2", "shuba-3"}, "shuba-4"},
		{"gap", "shuba", []string{"shuba", "shuba-3"}, "shuba-2"},
		{"other slugs do not matter", "shuba", []string{"shuba-elena", "shub"}, "shuba"},
		{"long base cut at a hyphen", long, nil, strings.Repeat("abcdefghi-", 9) + "abcdefghi"},
		{"long base with a suffix", long, []string{strings.Repeat("abcdefghi-", 9) + "abcdefghi"},
			strings.Repeat("abcdefghi-", 8) + "abcdefghi-2"},
		{"exactly maxMade then a suffix", strings.Repeat("abcdefghi-", 9) + "abcdefghij",
			[]string{strings.Repeat("abcdefghi-", 9) + "abcdefghij"}, strings.Repeat("abcdefghi-", 8) + "abcdefghi-2"},
		{"a far hyphen is not worth it", "ab-" + strings.Repeat("y", 110), nil, "ab-" + strings.Repeat("y", maxMade-3)},
		{"cut between characters, not inside one", "a" + strings.Repeat("ж", 60), nil, "a" + strings.Repeat("ж", 49)},
		{"one long word cut anywhere", word, nil, strings.Repeat("x", maxMade)},
		{"one long word with a suffix", word, []string{strings.Repeat("x", maxMade)}, strings.Repeat("x", maxMade-2) + "-2"},
		{"empty base", "", []string{""}, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			taken := make(map[string]bool)
			for _, s := range tt.taken {
				taken[s] = true
			}
			got := Unique(tt.base, func(s string) bool { return taken[s] })
			if got != tt.want {
				t.Errorf("Unique(%q) = %q, want %q", tt.base, got, tt.want)
			}
			if len(got) > maxMade {
				t.Errorf("Unique(%q) = %q, %d bytes; want at most %d", tt.base, got, len(got), maxMade)
			}
		})
	}
}

func BenchmarkMake(b *testing.B) {
	for b.Loop() {
		Make("Норковая шуба „Елена“ с капюшоном из меха канадской норки")
	}
}
