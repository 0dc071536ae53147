package site

import (
	"fmt"
	"html/template"

	"github.com/tally-book/tally/runner/chapter"
)

// messages are the words of the site's own interface (menus, labels,
// notices) in one language: English and Korean are built in, and a book
// adds or changes words for any language in its book file (words:, see
// chapter.Settings), by the keys of enText. enText and koText take in the
// claim rules' words of package check (claimwords.go), so a page
// describes a rule in its language. The prose is the chapters'; the
// runner's messages (problems, why a claim fails) stay as it writes them.
type messages struct {
	lang string
	text map[string]string
}

// messagesFor returns the built-in interface words of a language:
// Korean, or English for every other.
func messagesFor(lang string) *messages {
	if text, ok := builtinText[baseLang(lang)]; ok {
		return &messages{lang: lang, text: text}
	}
	return &messages{lang: lang, text: enText}
}

// builtinText are the built-in interface words by base language.
var builtinText = map[string]map[string]string{"en": enText, "ko": koText}

// withWords returns the interface words of lang: the built-in ones, with
// the words given for its base language (fr for fr-CA) and then for lang
// itself over them (Options.Words).
func withWords(lang string, words map[string]map[string]string) *messages {
	m := messagesFor(lang)
	extra := []map[string]string{words[baseLang(lang)]}
	if baseLang(lang) != lang {
		extra = append(extra, words[lang])
	}
	if len(extra[0]) == 0 && (len(extra) == 1 || len(extra[1]) == 0) {
		return m
	}
	text := make(map[string]string, len(m.text))
	for k, v := range m.text {
		text[k] = v
	}
	for _, w := range extra {
		for k, v := range w {
			text[k] = v
		}
	}
	return &messages{lang: lang, text: text}
}

// checkWords reports the keys of words that are not words of the site,
// each at its place in the book file when s gives one.
func checkWords(words map[string]map[string]string, s *chapter.Settings) chapter.ErrorList {
	var errs chapter.ErrorList
	for lang, w := range words {
		for k := range w {
			if _, ok := enText[k]; ok {
				continue
			}
			pos := chapter.Pos{File: "site.Options.Words"}
			if s != nil && s.File != "" {
				pos = s.Pos("words." + lang + "." + k)
			}
			errs.Add(pos, "words: %s: %q is not a word of the site (its keys are those of enText in tally's site/i18n.go and of English in check/words.go)", lang, k)
		}
	}
	return errs
}

// T returns the text of key.
func (m *messages) T(key string) string {
	if s, ok := m.text[key]; ok {
		return s
	}
	if s, ok := enText[key]; ok {
		return s
	}
	panic("site: no message " + key)
}

// N formats the text of key with args; n chooses the singular form
// (key.one) where the language has one.
func (m *messages) N(key string, n int, args ...any) string {
	if n == 1 {
		if s, ok := m.text[key+".one"]; ok {
			return fmt.Sprintf(s, args...)
		}
	}
	return fmt.Sprintf(m.T(key), args...)
}

// F formats the text of key with args.
func (m *messages) F(key string, args ...any) string {
	return fmt.Sprintf(m.T(key), args...)
}

// H formats the text of key, which is HTML, with args, which are
// escaped unless they are template.HTML.
func (m *messages) H(key string, args ...any) template.HTML {
	esc := make([]any, len(args))
	for i, a := range args {
		switch a := a.(type) {
		case template.HTML:
			esc[i] = string(a)
		case string:
			esc[i] = template.HTMLEscapeString(a)
		default:
			esc[i] = template.HTMLEscapeString(fmt.Sprint(a))
		}
	}
	return template.HTML(fmt.Sprintf(m.T(key), esc...))
}

// baseLang returns the language of a BCP 47 code without its region:
// "ko" for "ko-KR".
func baseLang(code string) string {
	for i := 0; i < len(code); i++ {
		if code[i] == '-' || code[i] == '_' {
			return code[:i]
		}
	}
	return code
}

// languageNames are the names of common languages in themselves, for the
// language switcher when Options.Languages gives none.
var languageNames = map[string]string{
	"en": "English", "ko": "한국어", "ja": "日本語", "zh": "中文", "fr": "Français",
	"de": "Deutsch", "es": "Español", "it": "Italiano", "pt": "Português", "ru": "Русский",
}

var enText = map[string]string{
	// the layout
	"skip":           "Skip to the text",
	"chapters":       "Chapters",
	"search":         "Search the book",
	"search.results": "Search results",
	"search.none":    "Nothing found for “{q}”",
	"language":       "Language",
	"theme":          "Switch between light and dark",
	"theme.title":    "Light or dark",
	"contents":       "Contents",

	// a chapter page
	"minutes":          "%d min read",
	"claims.fail":      "%d of %d numbers do not match the run",
	"claims.fail.one":  "%d of %d number do not match the run",
	"claims.pass":      "%d of %d numbers checked against the run",
	"claims.pass.one":  "%d of %d number checked against the run",
	"source.title":     "The Markdown source of this chapter",
	"tags":             "Tags",
	"toc":              "On this page",
	"optional":         "optional",
	"optional.title":   "A deeper look: you can skip it on a first reading",
	"optional.section": "Optional section",
	"anchor":           "Link to this section",
	"problems":         "This chapter has %d problems.",
	"problems.one":     "This chapter has %d problem.",
	"problems.more":    "The numbers, outputs and figures below may not be what the text says.",
	"prevnext":         "Previous and next chapter",
	"prev":             "← Previous",
	"next":             "Next →",
	"facts.ran":        "The numbers, outputs and figures of this page come from running its code with <b>%s</b>",
	"facts.end":        ".",
	"facts.notrun":     "This chapter has not been run: its numbers are not checked.",
	"facts.nocode":     "This chapter has no code to run",
	"facts.builtwith":  "; the book was built with %s",
	"facts.shared":     "The code, outputs and figures of this translation come from the run of <a href=\"%s\" hreflang=\"%s\">%s</a>, against which its numbers are checked.",
	"madefrom":         "Made with tally from <a href=\"%s\">%s</a>.",

	// code, outputs, claims, figures
	"notrun":         "not run",
	"notrun.title":   "shown, not run",
	"output":         "Output",
	"output.lines":   "· %d lines",
	"output.cut":     "… %d more bytes of output not kept",
	"stderr":         "standard error",
	"stderr.cut":     "… %d more bytes of standard error not kept",
	"output.empty":   "(no output)",
	"check.pass":     "matches the expected output (%s:%d)",
	"check.fail":     "differs from the expected output (%s:%d): %s",
	"want":           "Expected output",
	"claim.pass":     "Checked against the run",
	"claim.fail":     "Does not match the run",
	"claim.error":    "Could not be checked",
	"claim.info":     "Differs under overridden parameters",
	"claim.none":     "Not checked: the chapter did not run",
	"claim.computed": "computed",
	"claim.value":    "value",
	"claim.rule":     "rule: %s",
	"claim.true":     "the run finds it true",
	"figure":         "Figure %s:",
	"xref.fig":       "Figure %s",
	"xref.eq":        "(%s)",
	"xref.sec":       "Section %s",
	"figure.none":    "figure %q was not published",
	"image.remote":   "(image on %s)",

	// the parameter panel (rerun.js fills {name}, {min}, … in)
	"rerun.title":          "Re-run this chapter with other parameters",
	"rerun.lead":           "Change a parameter and run the chapter's code again: its outputs, figures and checked numbers on this page follow the new run.",
	"rerun.run":            "Run",
	"rerun.reset":          "Back to the book's run",
	"rerun.book":           "book: %s",
	"rerun.range":          "%s to %s",
	"rerun.log":            "(log scale)",
	"rerun.slider":         "%s, slider",
	"rerun.running":        "Running the chapter…",
	"rerun.program":        "Loading the book's program…",
	"rerun.data":           "Loading the data: {got} of {total} MB…",
	"rerun.dataplain":      "Loading the data…",
	"rerun.start":          "Starting the chapter's program…",
	"rerun.snippet":        "Running code block {n}…",
	"rerun.progress":       "Step {step} of {total}, loss {loss}…",
	"rerun.thread":         "This browser refused a Web Worker, so the chapter ran on the page's thread.",
	"rerun.done":           "Ran in {s} s.",
	"rerun.failed":         "The run failed, so the page keeps the book's values:",
	"rerun.restored":       "The page shows the book's run again.",
	"rerun.bad.number":     "{name}: “{value}” is not a number. Nothing ran.",
	"rerun.bad.integer":    "{name}: “{value}” is not a whole number. Nothing ran.",
	"rerun.bad.bool":       "{name}: want true or false. Nothing ran.",
	"rerun.bad.min":        "{name}: {value} is below the lowest value, {min}. Nothing ran.",
	"rerun.bad.max":        "{name}: {value} is above the highest value, {max}. Nothing ran.",
	"rerun.summary":        "under {params}: {hold} claims hold, {changed} changed",
	"rerun.summary.one":    "under {params}: {hold} claim holds, {changed} changed",
	"rerun.summary.book":   "the book's run",
	"rerun.summary.errors": ", {errors} could not be checked",
	"rerun.gives":          "the text says {written}, this run gives {value}",
	"rerun.output":         "this run's output differs from the book's",
	"rerun.serveonly":      "Re-running this chapter needs tally serve: its data is too large for the browser. Run “go run . serve” in a checkout of the book.",
	"rerun.unavailable":    "Re-running needs tally serve or the browser version of this chapter, which this site does not have.",
	"rerun.stop":           "Stop",
	"rerun.stopped":        "The run was stopped, so the page keeps the book's values.",
	"rerun.limit":          "The run was stopped after {s} s (the chapter's time limit), so the page keeps the book's values.",

	// the index page
	"index.claims.fail":     "%d of %d numbers do not match",
	"index.claims.fail.one": "%d of %d number do not match",
	"index.claims.pass":     "%d of %d numbers checked",
	"index.claims.pass.one": "%d of %d number checked",
	"index.problems":        "%d problems",
	"index.problems.one":    "%d problem",
	"legend":                "How to read this book",
	"legend.run":            "Every program on these pages was run to make them: what it printed is shown under it, and its figures come from that run.",
	"legend.claim":          "A number in the text with a small %s was checked against the run: point at the mark, or focus it, to see the computed value and the rule.",
	"legend.claim.mark":     "mark",
	"legend.optional":       "Sections marked %s go deeper; you can skip them on a first reading.",
	"legend.translation":    "This edition is a translation: its code, outputs and figures come from the same run as the original's, and its numbers are checked against it. Sections changed in the original since they were translated are marked, and a chapter not translated yet shows the original.",
	"facts.book":            "Every number, output and figure of this book comes from running its chapters' code with <b>%s</b>.",
	"madewith":              "Made with tally.",

	// translations
	"fallback":        "This chapter has not been translated yet: here is the original.",
	"fallback.tag":    "original",
	"stale":           "%d sections may be out of date with the original:",
	"stale.one":       "%d section may be out of date with the original:",
	"stale.original":  "original",
	"untranslated":    "Not translated yet:",
	"stale.changed":   "changed",
	"stale.check":     "check",
	"stale.gone":      "not in the original",
	"why.changed":     "The original section changed after it was translated.",
	"why.unstamped":   "The version of the original that was translated is not recorded (tally stamp records it).",
	"why.nostamp":     "No <!--from ID--> stamp says which section of the original this translates.",
	"why.gone":        "The original has no such section any more.",
	"switch.fallback": "not translated yet",
}

var koText = map[string]string{
	"skip":           "본문으로 건너뛰기",
	"chapters":       "장 목록",
	"search":         "책에서 검색",
	"search.results": "검색 결과",
	"search.none":    "‘{q}’에 대한 검색 결과가 없습니다",
	"language":       "언어",
	"theme":          "밝은 화면과 어두운 화면 전환",
	"theme.title":    "밝게 또는 어둡게",
	"contents":       "차례",

	"minutes":          "읽는 데 %d분",
	"claims.fail":      "수치 %[2]d개 중 %[1]d개가 실행 결과와 다름",
	"claims.pass":      "수치 %[2]d개 중 %[1]d개를 실행 결과로 검증",
	"source.title":     "이 장의 마크다운 원고",
	"tags":             "태그",
	"toc":              "이 장의 내용",
	"optional":         "심화",
	"optional.title":   "더 깊이 들어가는 절입니다. 처음 읽을 때는 건너뛰어도 됩니다.",
	"optional.section": "심화 절",
	"anchor":           "이 절로 가는 링크",
	"problems":         "이 장에는 문제가 %d개 있습니다.",
	"problems.more":    "아래의 수치, 출력, 그림이 본문의 설명과 다를 수 있습니다.",
	"prevnext":         "이전 장과 다음 장",
	"prev":             "← 이전 장",
	"next":             "다음 장 →",
	"facts.ran":        "이 쪽의 수치, 출력, 그림은 코드를 실행해 얻은 결과입니다(Go 버전 <b>%s</b>)",
	"facts.end":        ".",
	"facts.notrun":     "이 장은 실행되지 않아 수치를 검증하지 못했습니다.",
	"facts.nocode":     "이 장에는 실행할 코드가 없습니다",
	"facts.builtwith":  "(빌드: %s)",
	"facts.shared":     "이 번역의 코드, 출력, 그림은 원문 <a href=\"%s\" hreflang=\"%s\">%s</a>와 같은 실행에서 나왔으며, 본문의 수치도 모두 그 실행 결과로 검증했습니다.",
	"madefrom":         "tally로 <a href=\"%s\">%s</a>에서 만들었습니다.",

	"notrun":         "실행 안 함",
	"notrun.title":   "보여 주기만 하고 실행하지 않는 코드",
	"output":         "출력",
	"output.lines":   "· %d줄",
	"output.cut":     "… 출력 %d바이트는 보관하지 않았습니다",
	"stderr":         "표준 오류",
	"stderr.cut":     "… 표준 오류 %d바이트는 보관하지 않았습니다",
	"output.empty":   "(출력 없음)",
	"check.pass":     "기대 출력과 일치 (%s:%d)",
	"check.fail":     "기대 출력과 다름 (%s:%d): %s",
	"want":           "기대 출력",
	"claim.pass":     "실행 결과와 일치",
	"claim.fail":     "실행 결과와 다름",
	"claim.error":    "검증할 수 없음",
	"claim.info":     "바꾼 매개변수에서는 다름",
	"claim.none":     "검증 안 됨: 장이 실행되지 않음",
	"claim.computed": "계산값",
	"claim.value":    "값",
	"claim.rule":     "규칙: %s",
	"claim.true":     "실행 결과가 참",
	"figure":         "그림 %s:",
	"xref.fig":       "그림 %s",
	"xref.eq":        "식 (%s)",
	"xref.sec":       "%s절",
	"figure.none":    "게시되지 않은 그림: %q",
	"image.remote":   "(%s의 이미지)",

	"rerun.title":          "매개변수를 바꿔 이 장 다시 실행하기",
	"rerun.lead":           "매개변수를 바꾸고 이 장의 코드를 다시 실행하면, 이 쪽의 출력과 그림, 검증한 수치가 새 실행 결과를 따릅니다.",
	"rerun.run":            "실행",
	"rerun.reset":          "책의 실행 결과로 돌아가기",
	"rerun.book":           "책: %s",
	"rerun.range":          "%s ~ %s",
	"rerun.log":            "(로그 눈금)",
	"rerun.slider":         "%s 슬라이더",
	"rerun.running":        "장을 실행하는 중…",
	"rerun.program":        "책의 프로그램을 불러오는 중…",
	"rerun.data":           "데이터를 불러오는 중: {total} MB 중 {got} MB…",
	"rerun.dataplain":      "데이터를 불러오는 중…",
	"rerun.start":          "장의 프로그램을 시작하는 중…",
	"rerun.snippet":        "{n}번째 코드 블록을 실행하는 중…",
	"rerun.progress":       "{total}단계 중 {step}단계, 손실 {loss}…",
	"rerun.thread":         "이 브라우저가 웹 워커를 허용하지 않아 페이지의 스레드에서 실행했습니다.",
	"rerun.done":           "{s}초 걸렸습니다.",
	"rerun.failed":         "실행에 실패해 책의 결과를 그대로 둡니다:",
	"rerun.restored":       "책의 실행 결과를 다시 보여 줍니다.",
	"rerun.bad.number":     "{name}: “{value}”는 수가 아닙니다. 실행하지 않았습니다.",
	"rerun.bad.integer":    "{name}: “{value}”는 정수가 아닙니다. 실행하지 않았습니다.",
	"rerun.bad.bool":       "{name}: true나 false를 쓰세요. 실행하지 않았습니다.",
	"rerun.bad.min":        "{name}: {value}는 최솟값 {min}보다 작습니다. 실행하지 않았습니다.",
	"rerun.bad.max":        "{name}: {value}는 최댓값 {max}보다 큽니다. 실행하지 않았습니다.",
	"rerun.summary":        "{params}에서: 수치 {hold}개는 그대로, {changed}개는 달라짐",
	"rerun.summary.one":    "{params}에서: 수치 {hold}개는 그대로, {changed}개는 달라짐",
	"rerun.summary.book":   "책의 실행",
	"rerun.summary.errors": ", {errors}개는 검증할 수 없음",
	"rerun.gives":          "본문은 {written}, 이번 실행은 {value}",
	"rerun.output":         "이번 실행의 출력은 책과 다릅니다",
	"rerun.serveonly":      "이 장은 데이터가 커서 브라우저에서는 다시 실행할 수 없고 tally serve가 필요합니다. 책 저장소에서 “go run . serve”를 실행하세요.",
	"rerun.unavailable":    "다시 실행하려면 tally serve나 이 장의 브라우저판이 필요한데, 이 사이트에는 없습니다.",
	"rerun.stop":           "중지",
	"rerun.stopped":        "실행을 중지해 책의 결과를 그대로 둡니다.",
	"rerun.limit":          "이 장의 제한 시간인 {s}초가 지나 실행을 멈췄고, 책의 결과를 그대로 둡니다.",

	"index.claims.fail": "수치 %[2]d개 중 %[1]d개 불일치",
	"index.claims.pass": "수치 %[2]d개 중 %[1]d개 검증",
	"index.problems":    "문제 %d개",
	"legend":            "이 책을 읽는 방법",
	"legend.run":        "이 책의 프로그램은 모두 실제로 실행했습니다. 코드 아래에는 그 프로그램이 출력한 내용이, 그림 자리에는 그 실행에서 나온 그림이 그대로 실려 있습니다.",
	"legend.claim":      "본문의 수치 옆에 작은 %s 표시가 있으면 실행 결과와 대조한 값입니다. 표시를 가리키거나 포커스를 옮기면 계산된 값과 비교 규칙이 나타납니다.",
	"legend.claim.mark": "수치",
	"legend.optional":   "%s 표시가 붙은 절은 더 깊이 들어갑니다. 처음 읽을 때는 건너뛰어도 됩니다.",
	"legend.translation": "이 번역판은 원문과 같은 실행 결과를 씁니다. 코드와 출력, 그림은 원문과 같고, 번역문의 수치도 그 실행 결과로 하나하나 검증했습니다. " +
		"번역한 뒤 원문이 바뀐 절에는 표시가 붙고, 아직 번역하지 않은 장은 원문을 보여 줍니다.",
	"facts.book": "이 책의 수치, 출력, 그림은 모두 각 장의 코드를 실행해 얻은 결과입니다(Go 버전 <b>%s</b>).",
	"madewith":   "tally로 만들었습니다.",

	"fallback":        "이 장은 아직 번역하지 않았습니다. 아래는 원문입니다.",
	"fallback.tag":    "원문",
	"stale":           "번역이 원문과 어긋났을 수 있는 절이 %d개 있습니다:",
	"stale.original":  "원문",
	"untranslated":    "아직 번역하지 않은 원문 절:",
	"stale.changed":   "원문 바뀜",
	"stale.check":     "확인 필요",
	"stale.gone":      "원문에 없음",
	"why.changed":     "번역한 뒤 원문의 이 절이 바뀌었습니다.",
	"why.unstamped":   "원문의 어느 판을 번역했는지 기록되지 않았습니다(tally stamp로 기록합니다).",
	"why.nostamp":     "어느 원문 절을 번역했는지 <!--from ID--> 표시가 없습니다.",
	"why.gone":        "원문에 이 절이 더 이상 없습니다.",
	"switch.fallback": "아직 번역 안 됨",
}
