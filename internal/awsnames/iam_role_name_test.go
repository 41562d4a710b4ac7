package awsnames

import (
	"strings"
	"testing"
)

func TestIsRoleName(t *testing.T) {
	longestPrefix := strings.Repeat("ab/", 169) + "abc/" // MaxRolePathPrefix characters
	if len(longestPrefix) != MaxRolePathPrefix {
		t.Fatalf("the longest prefix has %d characters", len(longestPrefix))
	}
	for name, want := range map[string]bool{
		"BucktAccess":                          true,
		strings.Repeat("r", 64):                true,
		strings.Repeat("r", 65):                false,
		"team/buckt/Buckt+=,.@_-Access":        true,
		longestPrefix + "BucktAccess":          true,
		"x" + longestPrefix + "BucktAccess":    false,
		"/buckt/BucktAccess":                   false,
		"buckt/":                               false,
		"Buckt Access":                         false,
		"":                                     false,
		"arn:aws:iam::111122223333:role/Buckt": false,
	} {
		if got := IsRoleName(name); got != want {
			t.Errorf("IsRoleName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestRoleARNTakesTheRoleNamesOfIsRoleName(t *testing.T) {
	for _, name := range []string{"BucktAccess", "team/buckt/Buckt+=,.@_-Access"} {
		for _, partition := range Partitions {
			if arn := "arn:" + partition + ":iam::111122223333:role/" + name; !RoleARN.MatchString(arn) {
				t.Errorf("RoleARN refuses %q", arn)
			}
		}
	}
	for _, arn := range []string{"arn:aws:iam::111122223333:role/Buckt Access", "arn:awsx:iam::111122223333:role/BucktAccess",
		"arn:aws:iam::111122223333:role/", "arn:aws:iam::11112222333:role/BucktAccess"} {
		if RoleARN.MatchString(arn) {
			t.Errorf("RoleARN accepts %q", arn)
		}
	}
}
