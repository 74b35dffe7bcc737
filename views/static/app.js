// quizd: keyboard shortcuts and small niceties. Every page works without it.
(function () {
  "use strict";

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
      // The flag form is filled in with the keys the page's shortcuts use.
      t.closest && t.closest(".flag-form"));
  }

  // Flashcards: Space shows the answer without a page load. The back is
  // not on the page until it is asked for: the reveal link records that it
  // was shown (the server refuses a rating given unseen) and returns the
  // card with its back and rating buttons, which replace the front.
  var revealing = false;
  function reveal() {
    var link = document.getElementById("reveal");
    var card = document.getElementById("card");
    if (!link || !card || revealing || !window.fetch || !window.DOMParser) return false;
    revealing = true;
    fetch(link.href, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("reveal: " + r.status);
      return r.text();
    }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html").getElementById("card");
      if (!next || !next.querySelector("#back")) { window.location = link.href; return; }
      card.replaceWith(document.importNode(next, true));
      var good = document.querySelector('#ratings [data-key="3"]');
      if (good) good.focus();
    }).catch(function () { window.location = link.href; }).then(function () { revealing = false; });
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === " " && document.getElementById("reveal")) {
      if (reveal()) { e.preventDefault(); return; }
    }
    if (key === "Enter" || key === "n") {
      var next = document.getElementById("next");
      if (next) { e.preventDefault(); next.click(); return; }
    }
    // Rating buttons and choices carry the key that picks them.
    var el = document.querySelector('[data-key="' + (key === '"' ? "" : key) + '"]:not([hidden])');
    if (!el || el.closest("[hidden]")) return;
    e.preventDefault();
    if (el.tagName === "INPUT") {
      el.checked = el.type === "checkbox" ? !el.checked : true;
      el.focus();
    } else {
      el.click();
    }
  });

  // Enter on a chosen radio or checkbox submits the answer.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter") return;
    var t = e.target;
    if (t && t.tagName === "INPUT" && (t.type === "radio" || t.type === "checkbox") && t.form && !t.closest(".flag-form")) {
      e.preventDefault();
      t.form.requestSubmit ? t.form.requestSubmit() : t.form.submit();
    }
  });

  // Sortable tables: each heading of a table.sortable becomes a button
  // that sorts the rows by its column, numbers as numbers (a cell's
  // data-sort, when it has one, is the number it sorts by; a dash, for no
  // figure, goes last); pressing it again reverses the order. Without the
  // script a table keeps the server's order. A table of several pages
  // (data-paged) keeps its headings' links, which sort every page on the
  // server.
  function cellValue(row, i) {
    var cell = row.cells[i];
    var text = cell ? cell.textContent.trim() : "";
    if (cell && cell.dataset.sort !== undefined) return { text: text, num: parseFloat(cell.dataset.sort) };
    var n = parseFloat(text.replace(/[%+,]/g, ""));
    return { text: text, num: /^[-+]?[0-9]/.test(text) && !isNaN(n) ? n : null };
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead || !table.tHead.rows.length || table.dataset.paged) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      var link = th.querySelector("a");
      if (link) th.replaceChild(document.createTextNode(link.textContent), link);
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      if (!th.getAttribute("aria-sort")) th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i), c;
          if (x.num !== null && y.num !== null) c = x.num - y.num;
          else if (x.num !== null) return -1;
          else if (y.num !== null) return 1;
          else c = x.text.localeCompare(y.text);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // Filter boxes: an input[data-filter] shows only the rows of the table
  // it names whose first cell contains its text, ignoring case, and says
  // how many. It is hidden without the script, which shows every row.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.dataset.filter);
    if (!table || !table.tBodies[0]) return;
    var box = input.closest(".filter") || input;
    box.hidden = false;
    var status = document.createElement("span");
    status.className = "muted filter-count";
    status.setAttribute("role", "status");
    box.appendChild(document.createTextNode(" "));
    box.appendChild(status);
    input.addEventListener("input", function () {
      var f = input.value.trim().toLowerCase(), shown = 0, rows = table.tBodies[0].rows;
      Array.prototype.forEach.call(rows, function (r) {
        var show = f === "" || r.cells[0].textContent.toLowerCase().indexOf(f) >= 0;
        r.hidden = !show;
        if (show) shown++;
      });
      status.textContent = f === "" ? "" : shown + " of " + rows.length + " shown.";
    });
  });

  // A second press of a submit button while the first is on its way does
  // nothing: the server would refuse the double answer anyway.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset.sent) { e.preventDefault(); return; }
    f.dataset.sent = "1";
  });
  // Coming back to a page from the history makes its forms usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (f) { delete f.dataset.sent; });
  });

  // The question editor shows the fields of the chosen type only; without
  // this every type's fields are shown, each saying which types use it.
  var qtype = document.querySelector("#question-form #type");
  function showTypeFields() {
    document.querySelectorAll("#question-form .type-fields").forEach(function (fs) {
      fs.hidden = fs.dataset.types.split(" ").indexOf(qtype.value) < 0;
    });
  }
  if (qtype) {
    qtype.addEventListener("change", showTypeFields);
    showTypeFields();
  }
})();

// Copy buttons (issue 12): a button with data-copy="ID" copies the value
// of the field ID, which can also be selected and copied by hand.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-copy]") : null;
    if (!b) return;
    var f = document.getElementById(b.dataset.copy);
    if (!f) return;
    f.select();
    var done = function () { b.textContent = "Copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(f.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
