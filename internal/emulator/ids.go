package emulator

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idGenerator makes ULID-like ids (48-bit millisecond time + 80 random bits,
// Crockford base32). Within one millisecond, or when the clock stands still or
// goes back, it increments the random part, so ids always sort by creation and
// a new record comes last in every listing. Unordered ids are 128 random bits
// instead (Options.UnorderedIDs): a new record lands anywhere in the listings,
// which sort by id.
type idGenerator struct {
	unordered bool
	lastMS    int64
	lastRand  [10]byte
}

// next returns prefix + 26 characters; callers hold Emulator.mu.
func (g *idGenerator) next(prefix string, now time.Time) string {
	var b [16]byte
	if g.unordered {
		_, _ = rand.Read(b[:])
		return prefix + encodeBase32(b)
	}
	if ms := now.UnixMilli(); ms > g.lastMS {
		g.lastMS = ms
		_, _ = rand.Read(g.lastRand[:])
	} else {
		for i := len(g.lastRand) - 1; i >= 0; i-- {
			g.lastRand[i]++
			if g.lastRand[i] != 0 {
				break
			}
		}
	}
	for i := range 6 {
		b[i] = byte(g.lastMS >> (8 * (5 - i))) //nolint:gosec // keeps the low byte on purpose: 48-bit big-endian time
	}
	copy(b[6:], g.lastRand[:])
	return prefix + encodeBase32(b)
}

// encodeBase32 encodes 128 bits as 26 Crockford characters, left-padded with
// two zero bits as ULIDs are.
func encodeBase32(b [16]byte) string {
	var out [26]byte
	for i := range out {
		var v byte
		for j := range 5 {
			pos := i*5 + j - 2
			v <<= 1
			if pos >= 0 && b[pos/8]&(0x80>>(pos%8)) != 0 {
				v |= 1
			}
		}
		out[i] = crockford[v]
	}
	return string(out[:])
}

// randomUint64 is 64 random bits, for listing positions that must not follow creation.
func randomUint64() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:])
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// newExternalID returns "ext_" + 16 random alphanumerics, drawn without modulo
// bias since the value guards a trust policy.
func newExternalID() string {
	out := make([]byte, 0, 16)
	var buf [32]byte
	for len(out) < cap(out) {
		_, _ = rand.Read(buf[:])
		for _, c := range buf {
			if int(c) < 256/len(alphanumerics)*len(alphanumerics) && len(out) < cap(out) {
				out = append(out, alphanumerics[int(c)%len(alphanumerics)])
			}
		}
	}
	return "ext_" + string(out)
}
