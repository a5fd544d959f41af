package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"treembot/storage"
	"treembot/storage/storagetest"
)

// goodUnits lists a commune before its district, with a BOM, to show that
// order and encoding do not matter.
const goodUnits = "\uFEFFcode,name,level,parent_code\n" +
	"CL-HL,Xã Hồng Lạc,commune,CL\n" +
	"CL,Huyện Cao Lộc,district,\n" +
	"CL-HL-01,Thôn Bản Ngòa,village,CL-HL\n" +
	"CL-HL-02,Thôn Nà Pàn,village,CL-HL\n" +
	"CL-TT,Thị trấn Cao Lộc,commune,CL\n"

func importString(t *testing.T, s *storage.Store, csv string) (storage.ImportResult, error) {
	t.Helper()
	return s.ImportUnits(context.Background(), strings.NewReader(csv))
}

func TestImportUnitsBuildsTheTree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	res, err := importString(t, s, goodUnits)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 5 || res.Updated != 0 {
		t.Errorf("result = %+v, want 5 created", res)
	}
	rows, err := s.ListUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Code+"<"+r.ParentCode)
	}
	want := "CL< CL-HL<CL CL-HL-01<CL-HL CL-HL-02<CL-HL CL-TT<CL"
	if strings.Join(got, " ") != want {
		t.Errorf("tree = %s, want %s", strings.Join(got, " "), want)
	}
	district, commune, village := mustUnit(t, s, "CL"), mustUnit(t, s, "CL-HL"), mustUnit(t, s, "CL-HL-01")
	if wantPath := "/" + itoa(int(district.ID)) + "/" + itoa(int(commune.ID)) + "/" + itoa(int(village.ID)) + "/"; village.Path != wantPath {
		t.Errorf("village path = %s, want %s", village.Path, wantPath)
	}
	if village.Name != "Thôn Bản Ngòa" || village.Level != storage.LevelVillage {
		t.Errorf("village = %q %s", village.Name, village.Level)
	}
	sub, err := s.ListUnits(ctx, "CL-HL")
	if err != nil {
		t.Fatal(err)
	}
	if len(sub) != 3 || sub[0].Code != "CL-HL" {
		t.Errorf("ListUnits(CL-HL) = %+v, want the commune and its 2 villages", sub)
	}
	again, err := importString(t, s, goodUnits)
	if err != nil {
		t.Fatal(err)
	}
	if again != (storage.ImportResult{Unchanged: 5}) {
		t.Errorf("re-import = %+v, want 5 unchanged and nothing else", again)
	}
}

func TestImportUnitsRejectsBadFilesWhole(t *testing.T) {
	t.Parallel()
	header := "code,name,level,parent_code\n"
	tests := []struct {
		name, csv string
		want      []string
	}{
		{"empty file", "", []string{"line 1: header row missing"}},
		{"missing column", "code,name,level\nA,A,district\n", []string{`line 1: header: column "parent_code" missing`}},
		{"unknown parent", header + "A,Huyện A,district,\nB,Xã B,commune,X\n", []string{`line 3: parent_code "X" not found`}},
		{"duplicate code", header + "A,Huyện A,district,\nB,Xã B,commune,A\nB,Xã B2,commune,A\n", []string{`line 4: code "B" repeats line 3`}},
		{"empty name", header + "A,,district,\n", []string{"line 2: name is empty"}},
		{"bad level", header + "A,Huyện A,huyen,\n", []string{`line 2: level "huyen" is not one of`}},
		{"cycle", header + "A,Huyện A,district,B\nB,Xã B,commune,A\n", []string{`line 2: parent_code "B" makes a cycle`, `line 3: parent_code "A" makes a cycle`}},
		{"self parent", header + "A,Huyện A,district,A\n", []string{`line 2: parent_code "A" makes a cycle`}},
		{"wrong field count", header + "A,Huyện A,district\n", []string{"line 2: row: wrong number of fields"}},
		{"several errors", header + "A,,district,\nB,Xã B,xa,Q\n", []string{"line 2: name is empty", `line 3: level "xa"`, `line 3: parent_code "Q" not found`}},
		{"commune under a village", header + "A,Huyện A,district,\nV,Thôn V,village,A\nC,Xã C,commune,V\n", []string{`line 4: a commune cannot sit under V, a village`}},
		{"commune under a commune", header + "A,Huyện A,district,\nC1,Xã 1,commune,A\nC2,Xã 2,commune,C1\n", []string{`line 4: a commune cannot sit under C1, a commune`}},
		{"stored unit moved under its own kind", header + "A,Huyện A,district,KEEP\n", []string{`line 2: a district cannot sit under KEEP, a district`}},
		{"not UTF-8", header + "A,Huy\xe1\xbb\x87n A,district,\nB,X\xe3 B,commune,A\n", []string{"line 3: the file is not UTF-8"}},
		{"code with a space", header + "VQ XL,Xã Xuân Long,commune,\n", []string{`line 2: code "VQ XL" contains a space`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := storagetest.New(t)
			if _, err := importString(t, s, "code,name,level,parent_code\nKEEP,Đơn vị cũ,district,\n"); err != nil {
				t.Fatal(err)
			}
			_, err := importString(t, s, tt.csv)
			if err == nil {
				t.Fatal("import succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			var le *storage.LineError
			if !errors.As(err, &le) || le.Line == 0 || le.Field == "" {
				t.Errorf("error %v carries no line and field", err)
			}
			rows, err := s.ListUnits(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 {
				t.Errorf("after a failed import there are %d units, want only the 1 from before", len(rows))
			}
		})
	}
}

// A unit's parent may already be stored rather than in the file.
func TestImportUnitsUsesStoredParents(t *testing.T) {
	t.Parallel()
	s := storagetest.New(t)
	if _, err := importString(t, s, goodUnits); err != nil {
		t.Fatal(err)
	}
	res, err := importString(t, s, "code,name,level,parent_code,area\nCL-TT-01,Khối 1,village,CL-TT,urban\n")
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 {
		t.Errorf("result = %+v, want 1 created", res)
	}
	if u := mustUnit(t, s, "CL-TT-01"); u.Area != storage.AreaUrban || !strings.HasPrefix(u.Path, mustUnit(t, s, "CL-TT").Path) {
		t.Errorf("new block = area %s path %s", u.Area, u.Path)
	}
}

// Moving a commune to another district (the 2025 reorganisation) moves
// its villages with it.
func TestImportUnitsReparentRewritesSubtreePaths(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	if _, err := importString(t, s, goodUnits); err != nil {
		t.Fatal(err)
	}
	res, err := importString(t, s, "code,name,level,parent_code\nLS,Tỉnh Lạng Sơn,province,\nCL-HL,Xã Hồng Lạc mới,commune,LS\n")
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 || res.PathsRewritten != 3 {
		t.Errorf("result = %+v, want 1 created, 1 updated, 3 paths rewritten (commune + 2 villages)", res)
	}
	province := mustUnit(t, s, "LS")
	sub, err := s.Subtree(ctx, province.ID)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, u := range sub {
		codes = append(codes, u.Code)
		if !strings.HasPrefix(u.Path, province.Path) {
			t.Errorf("%s path %s is not under %s", u.Code, u.Path, province.Path)
		}
	}
	if got := strings.Join(codes, " "); got != "LS CL-HL CL-HL-01 CL-HL-02" {
		t.Errorf("province subtree = %s", got)
	}
	old, err := s.ListUnits(ctx, "CL")
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != 2 {
		t.Errorf("old district still has %d units, want itself and CL-TT", len(old))
	}
	if mustUnit(t, s, "CL-HL").Name != "Xã Hồng Lạc mới" {
		t.Error("rename not applied")
	}
	// Moving a unit under its own descendant is a cycle, even when the
	// descendant is only in the database.
	_, err = importString(t, s, "code,name,level,parent_code\nLS,Tỉnh Lạng Sơn,province,CL-HL-01\n")
	if err == nil || !strings.Contains(err.Error(), `line 2: parent_code "CL-HL-01" makes a cycle`) {
		t.Errorf("cycle through stored units: error %v", err)
	}
}

func TestUnitLookupsReportNotFound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storagetest.New(t)
	if _, err := s.UnitByCode(ctx, "NOPE"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("UnitByCode: %v, want ErrNotFound", err)
	}
	if _, err := s.Unit(ctx, 999); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Unit: %v, want ErrNotFound", err)
	}
	if _, err := s.ListUnits(ctx, "NOPE"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ListUnits: %v, want ErrNotFound", err)
	}
}

func TestImportUnitsReadsCodesInAnyCaseAsOneUnit(t *testing.T) {
	t.Parallel()
	s := storagetest.New(t)
	if _, err := importString(t, s, "code,name,level,parent_code\nvq,Huyện Văn Quan,district,\nvq-xl,Xã Xuân Long,commune,vq\n"); err != nil {
		t.Fatal(err)
	}
	res, err := importString(t, s, "code,name,level,parent_code\nVQ-XL,Xã Xuân Long,commune,VQ\n")
	if err != nil {
		t.Fatal(err)
	}
	if res != (storage.ImportResult{Unchanged: 1}) {
		t.Errorf("re-import in upper case = %+v, want the one stored commune unchanged", res)
	}
	units, err := s.ListUnits(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 || units[0].Code != "VQ" || units[1].Code != "VQ-XL" || units[1].ParentCode != "VQ" {
		t.Errorf("units = %+v, want VQ and VQ-XL in upper case, as the chat reads them", units)
	}
}
