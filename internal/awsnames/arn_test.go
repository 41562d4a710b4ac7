package awsnames

import "testing"

func TestPartition(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:iam::999988887777:role/BucktService":        "aws",
		"arn:aws-us-gov:iam::999988887777:role/BucktService": "aws-us-gov",
		"not-an-arn": "aws",
	} {
		if got := Partition(arn); got != want {
			t.Errorf("Partition(%q) = %q, want %q", arn, got, want)
		}
	}
}
