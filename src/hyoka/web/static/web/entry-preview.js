"use strict";
// As you type: how the value is understood and the rating it would get (nothing is saved):
// the symbol in the style the page gives it, the reason in the page's language.
var english = document.documentElement.lang.indexOf("en") === 0;
document.querySelectorAll("input[data-preview]").forEach(function (input) {
  var timer, out = document.getElementById(input.getAttribute("aria-describedby"));
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(input.dataset.preview + "&text=" + encodeURIComponent(input.value))
        .then(function (r) { return r.json(); })
        .then(function (d) {
          var mark = document.createElement("span"), reason = english ? d.reason_en : d.reason;
          mark.className = "rating r-" + (d.code || "unknown");
          mark.title = d.rating;
          mark.textContent = d.rating;
          out.replaceChildren(mark, document.createTextNode(" " + reason));
          (d.warnings || []).forEach(function (w) {
            // what saving will ask to confirm, said before the save (the reason may not say it)
            if (reason.indexOf(english ? w.message_en : w.message) !== -1) { return; }
            var note = document.createElement("span");
            note.className = "slip-note";
            note.textContent = (english ? w.message_en : w.message);
            out.append(document.createElement("br"), note);
          });
          out.dataset.rating = d.rating;
        });
    }, 250);
  });
});
