"use strict";
// As you type: how the value is understood and the rating it would get (nothing is saved).
document.querySelectorAll("input[data-preview]").forEach(function (input) {
  var timer, out = document.getElementById(input.getAttribute("aria-describedby"));
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(input.dataset.preview + "&text=" + encodeURIComponent(input.value))
        .then(function (r) { return r.json(); })
        .then(function (d) { out.textContent = d.rating + " " + d.reason; out.dataset.rating = d.rating; });
    }, 250);
  });
});
