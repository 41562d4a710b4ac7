package awsnames

import "regexp"

// MaxRolePathPrefix is the longest path prefix of a role name: IAM paths, "/"
// and the prefix, are at most 512 characters.
const MaxRolePathPrefix = 511

// roleName is a role name with its optional path prefix, as in "BucktAccess"
// or "buckt/BucktAccess".
var roleName = regexp.MustCompile(`^` + rolePathAndName + `$`)

// IsRoleName reports whether name is an IAM role name, 1 to 64 letters,
// digits and +=,.@_-, after an optional path prefix of segments of the same
// characters each followed by "/" (no leading "/", at most MaxRolePathPrefix
// characters): what follows "role/" in a role's ARN.
func IsRoleName(name string) bool {
	m := roleName.FindStringSubmatch(name)
	return m != nil && len(m[1]) <= MaxRolePathPrefix
}
