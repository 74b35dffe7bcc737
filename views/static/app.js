// quizd: keyboard shortcuts and small niceties. Every page works without it.
(function () {
  "use strict";

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" && t.type !== "radio" && t.type !== "checkbox" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
  }

  // Flashcards: Space shows the answer without a page load.
  function reveal() {
    var back = document.getElementById("back");
    var ratings = document.getElementById("ratings");
    var link = document.getElementById("reveal");
    if (!back || !back.hidden) return false;
    back.hidden = false;
    if (ratings) ratings.hidden = false;
    if (link) link.parentNode.hidden = true;
    var good = ratings && ratings.querySelector('[data-key="3"]');
    if (good) good.focus();
    return true;
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("#reveal");
    if (a && reveal()) e.preventDefault();
  });

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
    if (t && t.tagName === "INPUT" && (t.type === "radio" || t.type === "checkbox") && t.form) {
      e.preventDefault();
      t.form.requestSubmit ? t.form.requestSubmit() : t.form.submit();
    }
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
})();
