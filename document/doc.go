// Package document writes the report a commune, an office or the
// coordinating office sends upward ("báo cáo kết quả thực hiện"), as a Word
// file and a PDF of the same content, laid out as Nghị định 30/2020/NĐ-CP
// asks: the issuing body and the number on the left, the national motto on
// the right, place and date, the title, numbered sections, "Nơi nhận" and
// the signature block, in Times New Roman 13–14 pt on A4.
//
// Its input is a plain Report, which Build makes from a reports.Summary
// (build.go is the only file that reads reports' types). Both renderers
// draw the same laid-out content (content.go), so the two files never say
// different things.
//
// The Word file is written from templates embedded with embed and filled
// through text/template, every value XML-escaped by the template's only
// way to print one (its x function), rather than through a
// library such as github.com/gomutex/godocx: that module has no tagged
// release on the module proxy, and the layout the decree asks for
// (borderless header tables, short rules under the body and the motto, a
// page number from page 2, exact margins) is a few dozen lines of
// WordprocessingML that reads better as the XML itself than as calls to a
// young API. The templates are the unzipped parts of the .docx (docx/),
// kept as text so a change to the layout is a readable diff.
//
// The PDF is drawn with codeberg.org/go-pdf/fpdf in Liberation Serif
// (metric-compatible with Times New Roman, covering Vietnamese), whose
// TTF bytes are compiled in: nothing is fetched at run time.
//
// It imports reports (the summary Build reads), storage (its period and
// unit types) and locales, and nothing else of the module.
package document
