// Filter the article list by a search box; expand all details. No network, no external code.
(function () {
  var box = document.getElementById("filter");
  if (box) {
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      document.querySelectorAll("[data-filter]").forEach(function (row) {
        row.hidden = q && row.getAttribute("data-filter").toLowerCase().indexOf(q) < 0;
      });
    });
  }
  var expand = document.getElementById("expand-all");
  if (expand) {
    expand.addEventListener("click", function () {
      var open = expand.getAttribute("aria-pressed") !== "true";
      document.querySelectorAll("details.article").forEach(function (d) { d.open = open; });
      expand.setAttribute("aria-pressed", open ? "true" : "false");
      expand.textContent = open ? "Collapse all articles" : "Expand all articles";
    });
  }
})();
