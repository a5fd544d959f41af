package document

import (
	"context"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"treembot/locales"
)

// These tests open the files as a reader would: the PDF through poppler,
// the Word file through LibreOffice. Each skips only when its tool is not
// installed (apt-get install -y --no-install-recommends poppler-utils
// libreoffice-writer-nogui fonts-liberation), and fails instead when
// TREEMBOT_RENDER_TOOLS=required, as .ci/run sets once it installed them.

var pngDir = flag.String("png", "", "also save the first pages as PNG in this directory")

func needTool(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil && os.Getenv("TREEMBOT_RENDER_TOOLS") == "required" {
			t.Fatalf("%s is not installed, and .ci/run should have installed it", name)
		} else if err != nil {
			t.Skipf("%s is not installed", name)
		}
	}
}

func run(t *testing.T, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// firstPage renders page 1 of a PDF to PNG and checks it is an A4 page
// with ink on it, in its header corner and its body alike.
func firstPage(t *testing.T, pdf, name string) {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, time.Minute, "pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdf, prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if ratio := float64(b.Dy()) / float64(b.Dx()); ratio < 1.40 || ratio > 1.43 {
		t.Errorf("page 1 is %dx%d, not A4 portrait", b.Dx(), b.Dy())
	}
	ink := func(x0, y0, x1, y1 int) float64 {
		dark, all := 0, 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if r+g+bl < 3*0x8000 {
					dark++
				}
				all++
			}
		}
		return float64(dark) / float64(all)
	}
	w, h := b.Dx(), b.Dy()
	if top, body := ink(0, 0, w/2, h/8), ink(0, h/4, w, h*3/4); top < 0.005 || body < 0.01 {
		t.Errorf("page 1 looks blank: %.3f of the header corner and %.3f of the body are ink", top, body)
	}
	if *pngDir != "" {
		raw, err := os.ReadFile(prefix + ".png")
		if err == nil {
			err = os.WriteFile(filepath.Join(*pngDir, name), raw, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestPDFFirstPageRenders(t *testing.T) {
	needTool(t, "pdftoppm", "pdftotext")
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, renderPDF(t, communeReport(locales.VI)), 0o644); err != nil {
		t.Fatal(err)
	}
	firstPage(t, path, "report-pdf-page1.png")
	text := run(t, time.Minute, "pdftotext", "-layout", path, "-")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "7,1‰", "Chưa đạt"} {
		if !strings.Contains(text, want) {
			t.Errorf("poppler reads no %q in the PDF", want)
		}
	}
}

// LibreOffice opens the Word file and prints it to PDF with the same text.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	needTool(t, "soffice", "pdftoppm", "pdftotext")
	dir := t.TempDir()
	path := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(path, renderDOCX(t, communeReport(locales.VI)), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, 3*time.Minute, "soffice", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, path)
	pdf := filepath.Join(dir, "report.pdf")
	firstPage(t, pdf, "report-docx-page1.png")
	text := run(t, time.Minute, "pdftotext", "-layout", pdf, "-")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
		"7,1‰", "Chưa đạt", "Thiếu kinh phí <hỗ trợ>", "Nơi nhận:"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice shows no %q:\n%s", want, text)
		}
	}
}
