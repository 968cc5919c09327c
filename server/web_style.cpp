// The one stylesheet of the web pages, compiled in so the server needs no files besides its data
// directory. Plain, readable, works without it, and prints cleanly.

#include "web_auth.h"

namespace indblik::server {

const char* const kStylesheet = R"css(:root {
  --ink: #1d2330;
  --muted: #5b6474;
  --line: #d6dae1;
  --paper: #ffffff;
  --wash: #f4f6f9;
  --accent: #1f5fa8;
  --warn: #a33a12;
  --warn-wash: #fdf0ea;
  --ok: #24703c;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0;
  background: var(--wash);
  color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
main {
  max-width: 60rem;
  margin: 2rem auto;
  padding: 1.5rem 2rem;
  background: var(--paper);
  border: 1px solid var(--line);
  border-radius: 6px;
}
h1, h2, h3 { line-height: 1.25; margin: 1.2em 0 0.5em; }
h1 { font-size: 1.6rem; margin-top: 0.4em; }
h2 { font-size: 1.3rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus {
  outline: 3px solid #8fb5e8;
  outline-offset: 1px;
}
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.95em; }
.lang { float: right; margin: 0; font-size: 0.9rem; }
.lang a[aria-current] { font-weight: bold; text-decoration: none; color: var(--ink); }
.bar {
  display: flex; justify-content: space-between; align-items: center; gap: 1rem;
  padding-bottom: 0.75rem; margin-bottom: 1rem; border-bottom: 1px solid var(--line);
  color: var(--muted);
}
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0 0.6rem; }
.error {
  background: var(--warn-wash); color: var(--warn);
  border-left: 4px solid var(--warn); padding: 0.6rem 0.8rem;
}
.notice { background: #eef5ee; color: var(--ok); border-left: 4px solid var(--ok); padding: 0.6rem 0.8rem; }
.undeclared { color: var(--warn); font-weight: bold; }
form.stack { display: flex; flex-direction: column; max-width: 26rem; gap: 0.3rem; }
form.inline { display: inline; margin: 0; }
label { font-weight: 600; margin-top: 0.6rem; }
input, select, textarea {
  font: inherit; padding: 0.45rem 0.6rem;
  border: 1px solid #9aa3b2; border-radius: 4px; background: var(--paper); color: var(--ink);
}
textarea { min-height: 8rem; }
button {
  font: inherit; cursor: pointer; margin-top: 0.8rem; padding: 0.45rem 1.1rem;
  border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff;
}
form.inline button, .bar button {
  margin: 0; background: transparent; color: var(--accent); padding: 0.25rem 0.7rem;
}
ul.links { padding-left: 1.2rem; }
nav { margin-bottom: 1rem; font-size: 0.95rem; }
form.wide { max-width: 40rem; }
fieldset.choices { border: 1px solid var(--line); border-radius: 4px; padding: 0.5rem 0.9rem; margin: 0.6rem 0; }
fieldset.choices legend { font-weight: 600; padding: 0 0.3rem; }
.choice label { font-weight: 600; margin-left: 0.4rem; }
.choice .hint { margin: 0 0 0.5rem 1.7rem; }
p.text { white-space: pre-wrap; }
ol.history { padding-left: 1.2rem; }
ol.history time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.4rem; }
tr.overdue td { color: var(--warn); }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
ul.links li { margin: 0.4rem 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--wash); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
nav.crumbs { font-size: 0.9rem; color: var(--muted); margin-bottom: 0.5rem; }
a.button {
  display: inline-block; padding: 0.45rem 1.1rem; border-radius: 4px;
  background: var(--accent); color: #fff; text-decoration: none;
}
button.danger { background: var(--warn); border-color: var(--warn); }
form.wide { max-width: none; }
textarea.code, pre {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9rem;
}
pre {
  background: var(--wash); border: 1px solid var(--line); padding: 0.6rem 0.8rem;
  overflow-x: auto; white-space: pre-wrap; word-break: break-word;
}
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0.6rem 0 0; }
.choice { display: flex; gap: 0.5rem; align-items: baseline; }
.choice label { font-weight: normal; margin-top: 0.3rem; }
dl.policy dt { font-weight: 600; margin-top: 0.6rem; }
dl.policy dd { margin-left: 1rem; }
ul.positions, ul.actions { margin: 0; padding-left: 1.1rem; }
.phase-draft { color: var(--muted); }
.phase-announced { color: var(--accent); font-weight: 600; }
.phase-in_effect { color: var(--ok); font-weight: 600; }
.phase-retired, .phase-superseded { color: var(--muted); }
.position-objection { color: var(--warn); }
td.hidden { color: var(--muted); }
td.barcell { width: 7rem; }
svg.chart rect { fill: var(--accent); }
.trend-charts { display: flex; flex-wrap: wrap; gap: 0.6rem 1.4rem; margin-top: 0.8rem; }
figure.trend { margin: 0; }
figure.trend figcaption { font-size: 0.85rem; font-weight: 600; }
svg.trend rect { fill: var(--accent); }
svg.trend rect.gap { fill: none; stroke: var(--muted); stroke-dasharray: 4 3; }
svg.trend text { font-size: 11px; fill: var(--ink); }
svg.trend text.gap { fill: var(--warn); font-style: italic; }
svg.trend text.month { fill: var(--muted); }
svg.trend line.axis { stroke: var(--line); }
tr.total th, tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
@media (max-width: 40rem) {
  main { margin: 0; border: 0; border-radius: 0; padding: 1rem; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  .lang, .bar form, form, form.stack, button, nav { display: none; }
  a { color: inherit; text-decoration: none; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.report-table { page-break-inside: avoid; }
  svg.chart rect { fill: #000; }
  svg.trend rect { fill: #000; }
  svg.trend rect.gap { fill: none; stroke: #000; }
  svg.trend text, svg.trend text.gap, svg.trend text.month { fill: #000; }
  .trend-charts { page-break-inside: avoid; }
}
)css";

} // namespace indblik::server
