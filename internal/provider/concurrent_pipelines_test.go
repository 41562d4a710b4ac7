package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// These tests run several pipelines at once against one Buckt, as large
// organisations do: workspaces with their own working directory and state,
// each driving the real CLI, on an emulator written apart from ours (offset
// cursors, new items anywhere in the listings). A listing walked by one
// pipeline while another deletes skips objects; none of that may cost a
// pipeline an object it manages. Results are checked through the API.

// pipelineLatency is the round trip of every request while pipelines run at
// once (on the emulator, a slow fault on every request; a real Buckt has its
// network's): long enough that a pipeline's deletes last while the others
// start and walk their listings, as they do over a real network.
const pipelineLatency = 500 * time.Millisecond

// pipelineConnections is how many connections each workspace manages: with
// four workspaces, 160 in two listing pages, so refreshes are served from them.
const pipelineConnections = 40

// pipelines are the workspaces of one test, run with one provider binary
// against one Buckt: the emulator with offset cursors and unordered ids, or a
// real Buckt from the environment.
type pipelines struct {
	t       *testing.T
	env     *testEnv
	cli     *acceptanceCLI
	plugins string
}

// newPipelines starts the test's Buckt; seed runs before the provider is
// built (and may skip the test, e.g. against a real Buckt).
func newPipelines(t *testing.T, seed func(*testEnv)) *pipelines {
	t.Helper()
	cli := newAcceptanceCLI(t)
	t.Parallel()
	env := newTestEnv(t, emulator.Options{OffsetCursors: true, UnorderedIDs: true})
	if seed != nil {
		seed(env)
	}
	plugins := t.TempDir()
	buildProvider(t, filepath.Join(plugins, "terraform-provider-buckt"))
	writeFile(t, filepath.Join(plugins, "dev-overrides.tfrc"), devOverridesCLIConfig(plugins))
	return &pipelines{t: t, env: env, cli: cli, plugins: plugins}
}

// workspace is one pipeline's working directory, with its own state.
type workspace struct {
	name, dir string
}

// workspace writes a working directory named name with the provider block and body.
func (p *pipelines) workspace(name, body string) *workspace {
	w := &workspace{name: name, dir: filepath.Join(p.t.TempDir(), name)}
	p.write(w, body)
	return w
}

// write replaces the configuration of w.
func (p *pipelines) write(w *workspace, body string) {
	writeFile(p.t, filepath.Join(w.dir, "main.tf"), p.env.config(body))
}

// terraform runs the CLI with args in w; safe from many goroutines at once.
// A plan's -detailed-exitcode 2 is an error.
func (p *pipelines) terraform(w *workspace, args ...string) (string, error) {
	out, err := p.cli.runWith(p.t, w.dir, p.plugins, append(args, "-no-color")...)
	if err != nil {
		return out, fmt.Errorf("%s: terraform %s: %w\n%s", w.name, strings.Join(args, " "), err, out)
	}
	return out, nil
}

// mustRun is terraform that fails the test on an error; only from the test's goroutine.
func (p *pipelines) mustRun(w *workspace, args ...string) {
	p.t.Helper()
	if _, err := p.terraform(w, args...); err != nil {
		p.t.Fatal(err)
	}
}

// state is the resources in w's state, from terraform show -json.
func (p *pipelines) state(w *workspace) []*tfjson.StateResource {
	p.t.Helper()
	out, err := p.terraform(w, "show", "-json")
	if err != nil {
		p.t.Fatal(err)
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		p.t.Fatalf("%s: show -json: %v\n%s", w.name, err, out)
	}
	if state.Values == nil || state.Values.RootModule == nil {
		return nil
	}
	return state.Values.RootModule.Resources
}

// ids are the ids of the resources of resourceType in w's state.
func (p *pipelines) ids(w *workspace, resourceType string) []string {
	p.t.Helper()
	var ids []string
	for _, r := range p.state(w) {
		if r.Type == resourceType {
			id, _ := r.AttributeValues["id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

// atOnce runs step for every workspace in its own goroutine, at the same
// time, and waits for them all. With deleting, every request takes
// pipelineLatency, and the workspaces but the first start once the first
// began deleting (see deletesBegun), so that their refreshes walk the
// listings while another pipeline deletes, as unsynchronised pipelines do.
// It returns the steps' errors, joined.
func (p *pipelines) atOnce(deleting func() bool, ws []*workspace, step func(*workspace) (string, error)) error {
	if deleting != nil {
		p.env.doOnEmulator("slow every request down", func(emu *emulator.Server) {
			emu.SetFaults(emulator.Faults{Slow: 1, SlowDelay: pipelineLatency})
		})()
		defer p.env.doOnEmulator("speed requests up again", func(emu *emulator.Server) { emu.SetFaults(emulator.Faults{}) })()
	}
	errs := make([]error, len(ws))
	var wg sync.WaitGroup
	for i, w := range ws {
		if i == 1 && deleting != nil {
			waitUntil(deleting)
		}
		wg.Go(func() {
			start := time.Now()
			var out string
			out, errs[i] = step(w)
			p.t.Logf("%s, in %v: %s", w.name, time.Since(start).Round(time.Millisecond), lastLine(out))
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// deletesBegun is the deleting rule of atOnce for workspaces that delete
// through route: the emulator counted a request to it. A real Buckt counts
// nothing: the first workspace then has a fixed head start.
func (p *pipelines) deletesBegun(route string) func() bool {
	if p.env.emu == nil {
		deadline := time.Now().Add(3 * time.Second)
		return func() bool { return time.Now().After(deadline) }
	}
	before := p.env.requests(p.t, route)
	return func() bool { return p.env.requests(p.t, route) > before }
}

// lastLine is the last line of a command's output that is not blank: the
// CLI's summary, for the test log.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// waitUntil polls done every 20 ms, for at most a minute.
func waitUntil(done func() bool) {
	for deadline := time.Now().Add(time.Minute); !done() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
}

// connectionsConfig is count connections labelled "<label>-<index>", with no
// role: no AWS side is needed.
func connectionsConfig(label string, count int) string {
	return fmt.Sprintf(`resource "buckt_aws_account" "many" {
  count           = %d
  label           = "%s-${count.index}"
  skip_validation = true
}
`, count, label)
}

// connectionWorkspaces writes n workspaces of pipelineConnections connections
// each, applies them all at once and returns them.
func (p *pipelines) connectionWorkspaces(n int) []*workspace {
	p.t.Helper()
	ws := make([]*workspace, n)
	for i := range ws {
		name := fmt.Sprintf("pipeline-%c", 'a'+i)
		ws[i] = p.workspace(name, connectionsConfig(uniqueLabel(p.t, name), pipelineConnections))
	}
	if err := p.atOnce(nil, ws, func(w *workspace) (string, error) {
		return p.terraform(w, "apply", "-auto-approve", "-input=false")
	}); err != nil {
		p.t.Fatal(err)
	}
	return ws
}

// stillThere are the ids of resourceType that a GET still finds in Buckt,
// with an error for any answer but the object or a 404.
func (p *pipelines) stillThere(resourceType string, ids []string) ([]string, error) {
	var found []string
	var errs []error
	for _, id := range ids {
		var err error
		switch resourceType {
		case "buckt_aws_account":
			_, err = p.env.client.GetAWSAccount(p.env.ctx(), id)
		case "buckt_imported_bucket":
			_, err = p.env.client.GetBucket(p.env.ctx(), id)
		default:
			return nil, fmt.Errorf("stillThere does not know %s", resourceType)
		}
		switch {
		case err == nil:
			found = append(found, id)
		case !buckt.IsNotFound(err):
			errs = append(errs, fmt.Errorf("%s: %w", id, err))
		}
	}
	return found, errors.Join(errs...)
}

// checkAllGone reports, through the API, every object of resourceType that
// the workspaces held before their destroy and that Buckt still has.
func (p *pipelines) checkAllGone(resourceType string, held map[*workspace][]string) {
	p.t.Helper()
	for w, ids := range held {
		left, err := p.stillThere(resourceType, ids)
		if err != nil {
			p.t.Error(err)
		}
		if len(left) > 0 {
			p.t.Errorf("%s: %d of the %d %s it held are still in Buckt after it destroyed them, in no state: %v",
				w.name, len(left), len(ids), resourceType, left)
		}
		if inState := p.state(w); len(inState) != 0 {
			p.t.Errorf("%s: %d resources still in state after it destroyed them", w.name, len(inState))
		}
	}
}

// TestAccPipelines_concurrentDestroysLeaveNothing: four workspaces of 40
// connections destroy at once. Each destroy refreshes first, from listing
// pages, while the others delete: afterwards Buckt holds none of their
// connections. (A refresh that took a connection skipped by a shifting page
// for gone dropped it from state: "Resources: 39 destroyed", one left in Buckt.)
func TestAccPipelines_concurrentDestroysLeaveNothing(t *testing.T) {
	p := newPipelines(t, nil)
	ws := p.connectionWorkspaces(4)
	held := map[*workspace][]string{}
	for _, w := range ws {
		held[w] = p.ids(w, "buckt_aws_account")
	}

	err := p.atOnce(p.deletesBegun(emulator.RouteDisconnectAWSAccount), ws, func(w *workspace) (string, error) {
		return p.terraform(w, "destroy", "-auto-approve", "-input=false")
	})
	if err != nil {
		t.Error(err)
	}
	p.checkAllGone("buckt_aws_account", held)
}

// pipelineBuckets is how many buckets each of the two bucket workspaces imports
// through the shared connection: 300 in three pages of its listing.
const pipelineBuckets = 150

// bucketsConfig imports count buckets "pipe-<first + index>" through connection.
func bucketsConfig(connection string, first, count int) string {
	return fmt.Sprintf(`resource "buckt_imported_bucket" "fleet" {
  count       = %d
  aws_account = %q
  bucket_name = format("pipe-%%04d", count.index + %d)
}
`, count, connection, first)
}

// TestAccPipelines_bucketsOfOneConnectionReleasedAtOnce: two workspaces import
// 150 buckets each through the same connection, made outside Terraform; one
// destroys while the other releases its own by applying a count of 0.
// Afterwards none of their buckets is still imported. (A refresh that took
// buckets skipped by a shifting page for gone dropped 14 live ones from state.)
func TestAccPipelines_bucketsOfOneConnectionReleasedAtOnce(t *testing.T) {
	var connection seededConnection
	p := newPipelines(t, func(env *testEnv) {
		connection = seedActiveConnection(t, env, "210987654321", "pipe", 2*pipelineBuckets, 0)
	})
	ws := []*workspace{
		p.workspace("destroys", bucketsConfig(connection.id, 0, pipelineBuckets)),
		p.workspace("releases", bucketsConfig(connection.id, pipelineBuckets, pipelineBuckets)),
	}
	if err := p.atOnce(nil, ws, func(w *workspace) (string, error) {
		return p.terraform(w, "apply", "-auto-approve", "-input=false")
	}); err != nil {
		t.Fatal(err)
	}
	held := map[*workspace][]string{}
	for _, w := range ws {
		held[w] = p.ids(w, "buckt_imported_bucket")
	}

	p.write(ws[1], bucketsConfig(connection.id, pipelineBuckets, 0))
	err := p.atOnce(p.deletesBegun(emulator.RouteReleaseBucket), ws, func(w *workspace) (string, error) {
		verb := "destroy"
		if w == ws[1] {
			verb = "apply"
		}
		return p.terraform(w, verb, "-auto-approve", "-input=false")
	})
	if err != nil {
		t.Error(err)
	}
	p.checkAllGone("buckt_imported_bucket", held)
	if left, err := p.env.client.ListBuckets(p.env.ctx(), connection.id); err != nil || len(left) != 0 {
		t.Errorf("after both pipelines the connection still has %d imported buckets (%v)", len(left), err)
	}
}

// TestAccPipelines_plansWhileOthersDestroyProposeNothing: three workspaces
// destroy while a fourth refreshes and plans, again and again: its plans
// propose nothing (exit 0), afterwards every connection in its state exists
// in Buckt with the attributes in state, and none of the others' is left. (A refresh that took a
// connection skipped by a shifting page for gone planned to create it again.)
func TestAccPipelines_plansWhileOthersDestroyProposeNothing(t *testing.T) {
	p := newPipelines(t, nil)
	ws := p.connectionWorkspaces(4)
	destroyers, planner := ws[:3], ws[3]
	held := map[*workspace][]string{}
	for _, w := range destroyers {
		held[w] = p.ids(w, "buckt_aws_account")
	}

	var plans int
	var planErrs []error
	destroyed, planned := make(chan struct{}), make(chan struct{})
	go func() { // plans until the destroys are over
		defer close(planned)
		for {
			plans++
			if err := p.planNothing(planner); err != nil {
				planErrs = append(planErrs, fmt.Errorf("plan %d: %w", plans, err))
			}
			select {
			case <-destroyed:
				return
			default:
			}
		}
	}()
	err := p.atOnce(p.deletesBegun(emulator.RouteDisconnectAWSAccount), destroyers, func(w *workspace) (string, error) {
		return p.terraform(w, "destroy", "-auto-approve", "-input=false")
	})
	close(destroyed)
	<-planned
	if err != nil {
		t.Error(err)
	}
	t.Logf("%d plans while %d workspaces destroyed", plans, len(destroyers))
	if err := errors.Join(planErrs...); err != nil {
		t.Errorf("plans proposed changes to connections that exist: %v", err)
	}
	p.checkAllGone("buckt_aws_account", held)

	for _, r := range p.state(planner) {
		id, _ := r.AttributeValues["id"].(string)
		got, err := p.env.client.GetAWSAccount(p.env.ctx(), id)
		if err != nil {
			t.Errorf("%s (%s) is in state but not in Buckt: %v", r.Address, id, err)
			continue
		}
		if err := sameConnection(r.AttributeValues, got); err != nil {
			t.Errorf("%s (%s): %v", r.Address, id, err)
		}
	}
	p.mustRun(planner, "destroy", "-auto-approve", "-input=false")
}

// planNothing plans w (refreshing it) and says what the plan would change,
// unless nothing (exit 0 of -detailed-exitcode); safe from any goroutine.
func (p *pipelines) planNothing(w *workspace) error {
	_, err := p.terraform(w, "plan", "-detailed-exitcode", "-input=false", "-out=pipeline.tfplan")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		return err
	}
	out, showErr := p.terraform(w, "show", "-json", "pipeline.tfplan")
	var plan struct {
		ResourceChanges []plannedChange `json:"resource_changes"`
	}
	if showErr == nil {
		showErr = json.Unmarshal([]byte(out), &plan)
	}
	changes := []string{}
	for _, c := range plan.ResourceChanges {
		if !slices.Equal(c.Change.Actions, []string{"no-op"}) {
			changes = append(changes, fmt.Sprintf("%s %v", c.Address, c.Change.Actions))
		}
	}
	return errors.Join(fmt.Errorf("%s: the plan changes %v", w.name, changes), showErr)
}

// sameConnection compares what state holds of a connection with what Buckt says.
func sameConnection(state map[string]any, got *buckt.AWSAccount) error {
	want := map[string]any{
		"label":       deref(got.Label),
		"external_id": got.ExternalID,
		"status":      got.Status,
		"created_at":  got.CreatedAt,
	}
	var errs []error
	for name, value := range want {
		if state[name] != value {
			errs = append(errs, fmt.Errorf("%s is %v in state, %v in Buckt", name, state[name], value))
		}
	}
	return errors.Join(errs...)
}

// deref is *s, or nil.
func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
