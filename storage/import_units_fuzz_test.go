package storage

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParseUnitCSV: any file given to `treembot units import` is parsed
// without panicking; every problem names a line and says something; at
// most maxImportErrors are reported; a row without a problem is a unit
// with a code, a name and a known level.
func FuzzParseUnitCSV(f *testing.F) {
	for _, s := range []string{
		"code,name,level,parent_code\nVQ,Huyện Văn Quan,district,\nVQ-XL,Xã Xuân Long,commune,VQ\n",
		"\uFEFFCode, Name ,LEVEL,parent_code,area\nA,Á,Village,B,urban\n",
		"code,name,level,parent_code\r\nA,\"Thôn \"\"Mới\"\"\",village,\r\n",
		"code,name,level\nA,B,village\n",
		"code,name,level,parent_code\nA,B,hamlet,,\n,,,\n",
		"code,name,level,parent_code\n\"unterminated,B,village,\n",
		"", "\n\n", "code,name,level,parent_code,colour\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, rowErrs, err := parseUnitCSV(bytes.NewReader(data))
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) || le.Line < 1 || le.Msg == "" {
				t.Fatalf("file error without a line: %v", err)
			}
			return
		}
		if len(rowErrs) > maxImportErrors {
			t.Fatalf("%d errors reported, cap is %d", len(rowErrs), maxImportErrors)
		}
		bad := map[int]bool{}
		for _, e := range rowErrs {
			if e.Line < 1 || e.Msg == "" || e.Field == "" {
				t.Fatalf("problem without line or message: %+v", e)
			}
			bad[e.Line] = true
		}
		for _, r := range recs {
			if r.line < 2 || r.code == "" {
				t.Fatalf("unit record %+v", r)
			}
			if !bad[r.line] && (r.name == "" || !validLevel(r.level) || len(r.code) > 64) {
				t.Fatalf("row %d accepted without a problem: %+v", r.line, r)
			}
		}
	})
}
