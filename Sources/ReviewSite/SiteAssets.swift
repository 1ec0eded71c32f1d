/// The site's stylesheet and script, written once at its root and shared by every page.
enum SiteAssets {
    static let css = """
        :root { --pass: #1a7f37; --fail: #cf222e; --unverified: #9a6700; --ink: #1f2328; --muted: #656d76; --line: #d0d7de; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
               color: var(--ink); margin: 0 auto; padding: 16px 24px; max-width: 1600px; font-size: 14px; }
        h1 { font-size: 22px; margin: 4px 0 12px; } h2 { font-size: 18px; margin: 24px 0 8px; } h3 { font-size: 15px; margin: 16px 0 6px; }
        a { color: #0969da; }
        nav.crumbs { margin-bottom: 8px; color: var(--muted); }
        table.grid { border-collapse: collapse; margin: 4px 0 12px; }
        table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 6px; text-align: right; white-space: nowrap; }
        table.grid th { background: #f6f8fa; position: sticky; top: 0; }
        table.grid td.text, table.grid th.text { text-align: left; white-space: normal; }
        table.grid th[data-key] { cursor: pointer; }
        table.grid th[data-key]::after { content: " ⇅"; color: var(--muted); }
        tr.has-failure td:first-child { border-left: 4px solid var(--fail); }
        .fail-text { color: var(--fail); font-weight: 600; } .pass-text { color: var(--pass); } .muted { color: var(--muted); }
        .summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
        .summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .summary b { display: block; font-size: 20px; }
        input.filter { font-size: 14px; padding: 4px 8px; width: 320px; margin: 4px 0; }
        .charts svg { display: block; margin: 8px 0 24px; max-width: 100%; height: auto; }
        .doc { display: flex; gap: 24px; align-items: flex-start; }
        .doc .pages { flex: 0 0 auto; } .doc .record { flex: 1 1 auto; min-width: 0; overflow-x: auto; }
        .page { position: relative; border: 1px solid var(--line); margin-bottom: 16px; }
        .page img { display: block; width: 100%; height: 100%; }
        .page[hidden] { display: none; }
        nav.pagelist a { margin-right: 8px; }
        .page .number { position: absolute; right: 4px; bottom: 2px; color: var(--muted); font-size: 12px; }
        .box { position: absolute; border: 2px solid; background: transparent; display: block; }
        .box.passed { border-color: var(--pass); } .box.failed { border-color: var(--fail); background: rgba(207,34,46,.12); }
        .box.unverified { border-color: var(--unverified); border-style: dashed; }
        .box[data-from="line"] { border-width: 1px; }
        .box:hover, .box:focus, .box.lit, .box:target, .line.lit, .line:target { outline: 3px solid #0969da; outline-offset: 1px; z-index: 2; }
        .tip { display: none; position: absolute; left: 0; top: 100%; z-index: 3; background: #fff; color: var(--ink);
               border: 1px solid var(--line); box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: 4px 8px; white-space: pre;
               font-size: 12px; text-align: left; }
        .box:hover .tip, .box:focus .tip, .line:hover .tip, .line:focus .tip { display: block; }
        .cleantext { font-family: monospace; white-space: pre-wrap; border: 1px solid var(--line); padding: 8px; max-width: 760px; }
        .cleantext .line { display: block; position: relative; }
        .line.passed { box-shadow: inset 4px 0 var(--pass); } .line.failed { box-shadow: inset 4px 0 var(--fail); background: rgba(207,34,46,.08); }
        .line.unverified { box-shadow: inset 4px 0 var(--unverified); }
        td.passed a, td.passed { color: var(--pass); } td.failed, td.failed a { color: var(--fail); font-weight: 600; }
        td.unverified a, td.unverified { color: var(--ink); }
        li.check.failed { color: var(--fail); } li.check.passed { color: var(--pass); }
        .legend span { margin-right: 16px; } .legend i { display: inline-block; width: 14px; height: 10px; border: 2px solid; margin-right: 4px; }
        """

    static let js = """
        // Sorting and filtering of tables marked data-sortable; hovering a value lights its box.
        (function () {
          function cellValue(row, index) {
            var cell = row.children[index];
            var v = cell.getAttribute('data-v');
            if (v === null) v = cell.textContent.trim();
            var n = parseFloat(v);
            return isNaN(n) || v === '' ? v : n;
          }
          document.querySelectorAll('table[data-sortable]').forEach(function (table) {
            var body = table.tBodies[0];
            table.querySelectorAll('th[data-key]').forEach(function (th, index) {
              th.addEventListener('click', function () {
                var descending = th.getAttribute('data-dir') !== 'desc';
                table.querySelectorAll('th[data-key]').forEach(function (h) { h.removeAttribute('data-dir'); });
                th.setAttribute('data-dir', descending ? 'desc' : 'asc');
                var column = Array.prototype.indexOf.call(th.parentNode.children, th);
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = cellValue(a, column), y = cellValue(b, column);
                  var c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'zh');
                  return descending ? -c : c;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              });
            });
          });
          document.querySelectorAll('input[data-filter]').forEach(function (input) {
            var table = document.getElementById(input.getAttribute('data-filter'));
            input.addEventListener('input', function () {
              var words = input.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
              Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
                var text = row.textContent.toLowerCase();
                row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
              });
            });
          });
          document.querySelectorAll('a[data-box]').forEach(function (link) {
            var box = document.getElementById(link.getAttribute('data-box'));
            if (!box) return;
            link.addEventListener('mouseenter', function () { box.classList.add('lit'); });
            link.addEventListener('mouseleave', function () { box.classList.remove('lit'); });
          });
          var only = /[?&]pages=([0-9,]+)/.exec(location.search);
          if (only) {
            var keep = only[1].split(',');
            document.querySelectorAll('.page[data-page]').forEach(function (page) {
              page.hidden = keep.indexOf(page.getAttribute('data-page')) < 0;
            });
          }
          document.body.setAttribute('data-ready', 'yes');
        })();
        """
}
