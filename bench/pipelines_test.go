package main

import (
	"slices"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestPipelineChecks(t *testing.T) {
	const all = pipelines * pipelineConnections
	// 340 requests of which 20 were answered 429: a floor of 320 / 20 = 16 s,
	// so a budget of 1.5 x 16 + 10 = 34 s.
	tests := []struct {
		name     string
		command  string
		wall     time.Duration
		requests int
		stats    emulator.Stats
		changed  int
		failing  []string // names of the checks that must fail, in order
	}{
		{"apply within budget", "apply", 34 * time.Second, 340, emulator.Stats{RateLimited: 20, Accounts: all}, 0, nil},
		{"apply past 1.5 x floor + 10 s", "apply", 34*time.Second + time.Millisecond, 340, emulator.Stats{RateLimited: 20, Accounts: all}, 0,
			[]string{"apply <= 1.5 x the limit's floor + 10 s"}},
		{"429s do not count in the floor", "apply", 34 * time.Second, 360, emulator.Stats{RateLimited: 40, Accounts: all}, 0, nil},
		{"a connection created twice", "apply", 20 * time.Second, 320, emulator.Stats{Accounts: all + 1}, 0,
			[]string{"apply: every connection created once"}},
		{"a plan proposes changes", "plan", 5 * time.Second, 12, emulator.Stats{Accounts: all}, 1,
			[]string{"plan: no changes in any workspace"}},
		{"a destroy leaves a connection", "destroy", 10 * time.Second, 170, emulator.Stats{Accounts: 1}, 0,
			[]string{"destroy: no connection left in Buckt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var failed []string
			for _, c := range pipelineChecks(tt.command, tt.wall, tt.requests, tt.stats, tt.changed) {
				if !c.pass {
					failed = append(failed, c.name)
				}
			}
			if !slices.Equal(failed, tt.failing) {
				t.Errorf("failed %q, want %q", failed, tt.failing)
			}
		})
	}
}

// The pipelines' share answered 429 is judged over their whole run: 15% of
// its requests pass, more fail.
func TestPipelinesBudgetRefusedShare(t *testing.T) {
	for refused, pass := range map[int]bool{30: true, 31: false} {
		if c := pipelinesBudget.refusedShare("apply, plan and destroy", 200, refused); c.pass != pass {
			t.Errorf("%d of 200 answered 429: pass = %v, want %v (%s)", refused, c.pass, pass, c.observed)
		}
	}
}

// The one-pipeline budget keeps its 5 s and 10%, tighter than the four's.
func TestSharedKeyBudgetIsTighter(t *testing.T) {
	var failed []string
	for _, c := range sharedKeyBudget.checks("apply", 30*time.Second, 340, 35) {
		if !c.pass {
			failed = append(failed, c.name)
		}
	}
	want := []string{"apply <= 1.5 x the limit's floor + 5 s", "apply: <= 10% of requests answered 429"}
	if !slices.Equal(failed, want) {
		t.Errorf("failed %q, want %q", failed, want)
	}
}

func TestPlansWithChanges(t *testing.T) {
	if n := plansWithChanges([]result{{}, {changes: "+ create"}, {}, {changes: "~ update"}}); n != 2 {
		t.Errorf("plansWithChanges = %d, want 2", n)
	}
}
