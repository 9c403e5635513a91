#include "report/html.hpp"

#include <cmath>
#include <cstdio>

#include "core/util/files.hpp"
#include "report/image.hpp"

using exertrack::core::util::read_file;

namespace exertrack::report::html {

std::string esc(std::string_view s) { return xml_escape(s); }

std::string fmt(double v, int digits) {
  if (!std::isfinite(v)) return v > 0 ? "inf" : v < 0 ? "-inf" : "nan";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string pct(double fraction, int digits) { return fmt(100.0 * fraction, digits) + " %"; }

std::string row(std::initializer_list<std::string> cells, const char* tag) {
  std::string out = "<tr>";
  for (const auto& c : cells) out += std::string("<") + tag + ">" + c + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string kv_table(const std::vector<std::pair<std::string, std::string>>& rows, const char* cls) {
  std::string out = std::string("<table class=\"") + cls + "\">\n";
  for (const auto& [k, v] : rows) out += "<tr><th scope=\"row\">" + esc(k) + "</th><td>" + v + "</td></tr>\n";
  return out + "</table>\n";
}

std::string skipped(const std::string& why) { return "<p class=\"skipped\">" + why + "</p>\n"; }

std::string figure(const Plot& p, const std::filesystem::path& plots_dir, const std::string& inline_format) {
  const bool svg = inline_format == "svg";
  const std::string bytes = read_file(plots_dir / (p.name + (svg ? ".svg" : ".png")));
  return "<figure id=\"plot-" + esc(p.name) + "\"><img alt=\"" + esc(p.title) + "\" src=\"data:" +
         (svg ? "image/svg+xml" : "image/png") + ";base64," + base64(bytes) + "\"><figcaption><strong>" +
         esc(p.title) + ".</strong> " + esc(p.caption) + "</figcaption></figure>\n";
}

const char* const kCss = R"(
:root{--fg:#1d2330;--muted:#5b6475;--line:#dfe3ea;--bg:#fff;--accent:#1f77b4;--warn:#b54708}
*{box-sizing:border-box}
body{font:15px/1.5 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
header{padding:24px 32px 12px;border-bottom:1px solid var(--line)}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;color:var(--muted)}
nav{padding:8px 32px;border-bottom:1px solid var(--line);position:sticky;top:0;background:var(--bg);z-index:1}
nav a{margin-right:16px;color:var(--accent);text-decoration:none;font-size:14px}
main{max-width:1240px;padding:0 32px 48px}
section{margin-top:28px}
h2{font-size:21px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:17px;margin:20px 0 8px}
h4{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;margin:8px 0 12px;font-size:14px}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.kv th{color:var(--muted);font-weight:normal;white-space:nowrap}
table.grid thead th{background:#f4f6f9}
table.num td{text-align:right;font-variant-numeric:tabular-nums}
table.num td:first-child{text-align:left}
tfoot th{background:#fafbfc}
tr.best td{background:#fff6d6;font-weight:bold}
.timings td:nth-child(2){text-align:right;font-variant-numeric:tabular-nums}
.timings td:last-child{width:320px}
.bar{display:inline-block;height:10px;background:var(--accent);border-radius:2px;min-width:1px}
code{font:13px "DejaVu Sans Mono",monospace;background:#f4f6f9;padding:0 3px;border-radius:3px}
code.hash{word-break:break-all}
pre{font:13px/1.4 "DejaVu Sans Mono",monospace;background:#f4f6f9;padding:12px;overflow-x:auto;border-radius:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 16px;min-width:170px}
.card .value{font-size:22px;font-weight:bold}
.card .label{color:var(--muted);font-size:13px}
figure{margin:16px 0 28px}
figure img{max-width:100%;height:auto;border:1px solid var(--line)}
figcaption{color:var(--muted);font-size:14px;margin-top:4px;max-width:1000px}
.skipped{color:var(--muted);font-style:italic;border-left:3px solid var(--line);padding-left:10px}
li.warning{color:var(--warn)}
ul.limits li{margin-bottom:6px}
@media print{
  nav{display:none}
  body{font-size:11pt}
  main{max-width:none;padding:0 12mm}
  header{padding:0 12mm 6pt}
  section{break-before:auto}
  figure,table,pre,.cards{break-inside:avoid}
  h2,h3{break-after:avoid}
  figure img{max-width:100%;border:none}
  a{color:inherit;text-decoration:none}
}
)";

}  // namespace exertrack::report::html
