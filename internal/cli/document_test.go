package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"treembot/document/documenttest"
	"treembot/internal/cli"
	"treembot/internal/cli/clitest"
)

// The commune's report from the command line: the Word file holds the
// commune as issuer, the figure it sent and its words; the district's PDF
// in English is a PDF; a format it cannot write is refused by name.
func TestDocumentFromTheCommandLine(t *testing.T) {
	env := clitest.Env(t)
	clitest.Run(t, env, "", "seed", "--demo")
	submitUnitReport(t, env, "VQ-XL", "commune_report", "2025-H1", map[string]string{"marriages": "40", "child_marriages": "1",
		"difficulties": "Thiếu cán bộ chuyên trách"})
	dir := t.TempDir()
	docx := filepath.Join(dir, "xl.docx")
	out := clitest.Run(t, env, "", "document", "--period", "2025-H1", "--unit", "vq-xl", "--out", docx)
	if !strings.Contains(out, "wrote "+docx+": Xã Xuân Long, period 2025-H1") {
		t.Errorf("document said %q", out)
	}
	raw, err := os.ReadFile(docx)
	if err != nil {
		t.Fatal(err)
	}
	w, err := documenttest.ReadDOCX(raw)
	if err != nil {
		t.Fatalf("%s is not a Word file: %v", docx, err)
	}
	for _, want := range []string{"XÃ XUÂN LONG", "BÁO CÁO", "- Khó khăn, hạn chế, vướng mắc: Thiếu cán bộ chuyên trách"} {
		if !w.HasParagraph(want) {
			t.Errorf("no paragraph %q in\n%s", want, strings.Join(w.Paragraphs, "\n"))
		}
	}
	if row := w.Row("13"); row == nil || row[2] != "2,5%" || row[5] != "Chưa đạt" {
		t.Errorf("13 = %q, want 2,5%% (1 child marriage in 40), not met (the target is under 2,5%%)", row)
	}

	pdf := filepath.Join(dir, "vq.pdf")
	clitest.Run(t, env, "", "document", "--period", "2025-H1", "--format", "pdf", "--lang", "en", "--out", pdf)
	if raw, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Errorf("the PDF: %v, starts %q", err, raw[:min(8, len(raw))])
	}

	var stderr bytes.Buffer
	code := cli.Run(context.Background(), []string{"document", "--format", "odt", "--out", pdf},
		cli.Stdio{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr}, env)
	if code == 0 || !strings.Contains(stderr.String(), "use docx or pdf") {
		t.Errorf("--format odt exited %d: %s", code, stderr.String())
	}
}
