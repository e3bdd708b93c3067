// Sortable tables: click a heading to sort by that column (numbers by value, text alphabetically).
document.querySelectorAll("table.sortable th").forEach(function (th, _, all) {
  th.addEventListener("click", function () {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = !th.classList.contains("sorted-asc");
    table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index], y = b.cells[index];
      var nx = parseFloat(x.dataset.value), ny = parseFloat(y.dataset.value);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.textContent.localeCompare(y.textContent);
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
// Layout check: each chart records how many marks it draws and the size of its drawn content, so a headless
// browser's DOM dump shows whether the charts were laid out (read by the report's browser test).
(function () {
  var charts = document.querySelectorAll("svg.chart");
  var measured = 0;
  charts.forEach(function (svg) {
    var marks = svg.querySelectorAll(".bar, .point, .cell, .box");
    var drawn = 0;
    marks.forEach(function (m) {
      var box = m.getBBox();
      if (box.width > 0 && box.height > 0) { drawn++; }
    });
    var all = svg.getBBox();
    svg.setAttribute("data-marks", String(marks.length));
    svg.setAttribute("data-drawn", String(drawn));
    svg.setAttribute("data-bbox", Math.round(all.width) + "x" + Math.round(all.height));
    measured++;
  });
  document.body.setAttribute("data-charts-measured", String(measured));
})();
