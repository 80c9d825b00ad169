"""HTML: one self-contained page a reviewer can open, sort and filter (no network needed)."""

from __future__ import annotations

import html
from typing import TextIO

from ..runner import Report

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>tm check: __TITLE__</title>
<style>
body{font:14px/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}.summary span{margin-right:1.2em}
.controls{margin:1em 0}.controls input,.controls select{font:inherit;margin-right:.6em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f0f0f0;cursor:pointer;user-select:none}
tr.error td.sev{color:#b00;font-weight:bold}tr.warning td.sev{color:#a60}
tr.info td.sev{color:#06a}mark{background:#ffd54f}td.text{max-width:32em}
tr.suppressed{opacity:.55}
</style></head><body>
<h1>tm check: __TITLE__</h1>
<p class="summary">__SUMMARY__</p>
<div class="controls">
<input id="q" type="search" placeholder="filter text…" aria-label="filter">
<select id="sev"><option value="">all severities</option><option>error</option>
<option>warning</option><option>info</option></select>
<select id="chk"><option value="">all checks</option>__CHECK_OPTIONS__</select>
<span id="shown"></span></div>
<table id="findings"><thead><tr>
<th data-k="severity">severity</th><th data-k="check">check</th><th data-k="unit">unit</th>
<th data-k="message">message</th><th data-k="source">source</th><th data-k="target">target</th>
</tr></thead><tbody></tbody></table>
<script id="data" type="application/json">__DATA__</script>
<script>
const rows = JSON.parse(document.getElementById('data').textContent);
const body = document.querySelector('#findings tbody');
let sortKey = null, sortDir = 1;
const ENT = {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'};
function esc(s){return (s??'').replace(/[&<>"]/g, c => ENT[c]);}
function marked(t, span){ if(!span) return esc(t);
  return esc(t.slice(0,span[0])) + '<mark>' + esc(t.slice(span[0],span[1])) + '</mark>'
    + esc(t.slice(span[1])); }
function draw(){
  const q=document.getElementById('q').value.toLowerCase(),
        sev=document.getElementById('sev').value, chk=document.getElementById('chk').value;
  let list = rows.filter(r => (!sev||r.severity===sev) && (!chk||r.check===chk) &&
     (!q || [r.unit,r.message,r.source,r.target,r.term].join(' ').toLowerCase().includes(q)));
  if (sortKey) list = [...list].sort((a,b)=>String(a[sortKey]).localeCompare(String(b[sortKey]),
     undefined,{numeric:true})*sortDir);
  body.innerHTML = list.map(r => `<tr class="${r.severity}${r.suppressed?' suppressed':''}">`+
    `<td class="sev">${r.severity}</td><td>${esc(r.check)}</td>`+
    `<td>${esc(r.file?r.file+':'+r.unit:r.unit)}</td><td>${esc(r.message)}`+
    `${r.suppressed?' <em>(accepted: '+esc(r.suppressed)+')</em>':''}</td>`+
    `<td class="text">${esc(r.source)}</td><td class="text">${marked(r.target,r.span)}</td></tr>`
  ).join('');
  document.getElementById('shown').textContent = list.length+' of '+rows.length+' shown';
}
document.querySelectorAll('th').forEach(th=>th.addEventListener('click',()=>{
  const k=th.dataset.k; sortDir = (sortKey===k)? -sortDir : 1; sortKey=k; draw();}));
['q','sev','chk'].forEach(id=>document.getElementById(id).addEventListener('input',draw));
const p = new URLSearchParams(location.hash.slice(1));
for (const id of ['q','sev','chk']) if (p.get(id)) document.getElementById(id).value=p.get(id);
draw();
</script></body></html>
"""


def write(report: Report, out: TextIO, *, show_suppressed: bool = False,
          markup: bool = False, title: str = "") -> None:
    s = report.summary()
    by = s["by_severity"]
    summary = (f"<span>{s['units']} units</span><span>{by['error']} errors</span>"
               f"<span>{by['warning']} warnings</span><span>{by['info']} notes</span>"
               + (f"<span>{s['suppressed']} accepted</span>" if s["suppressed"] else "")
               + f"<span>{s['units_affected']} units affected</span>")
    options = "".join(f"<option>{html.escape(c)}</option>" for c in s["by_check"])
    page = PAGE.replace("__TITLE__", html.escape(title or ", ".join(s["checked"]) or "TM"))
    head, tail = (page.replace("__SUMMARY__", summary).replace("__CHECK_OPTIONS__", options)
                  .split("__DATA__"))
    out.write(head + "[")
    first = True
    for _, _, entries in report.sections(show_suppressed):  # streamed: one at a time
        for _, data in entries:
            text = data.decode("utf-8")
            out.write(("" if first else ",") + text.replace("</", "<\\/"))  # inside <script>
            first = False
    out.write("]" + tail)
