package channel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestMaskHidesEverySpellingAndKeepsSentinels(t *testing.T) {
	secret := "123:AbC/x+y"
	cause := fmt.Errorf(`Post "https://h/bot%s/getMe?t=%s": %w`, "123:AbC%2Fx+y", "123%3AAbC%2Fx%2By", context.Canceled)
	err := Mask(cause, secret, "")
	if strings.Contains(err.Error(), "AbC") || !strings.Contains(err.Error(), "/bot***/getMe") {
		t.Errorf("masked = %q", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Error("the mask hides context.Canceled")
	}
	if Mask(nil, secret) != nil {
		t.Error("Mask(nil) is not nil")
	}
}
