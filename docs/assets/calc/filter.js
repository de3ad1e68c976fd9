// Filters the entitlement index table by level, kind and department.
(function () {
  const table = document.getElementById("rule-index");
  if (!table) return;
  const selects = ["level", "kind", "dept"].map((k) => document.getElementById(`filter-${k}`));
  const count = document.getElementById("filter-count");
  function apply() {
    const [level, kind, dept] = selects.map((s) => s.value);
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const ok = (!level || row.dataset.level === level) && (!kind || row.dataset.kind === kind) &&
        (!dept || row.dataset.dept === dept);
      row.hidden = !ok;
      if (ok) shown += 1;
    }
    count.textContent = `共 ${shown} 项`;
  }
  selects.forEach((s) => s.addEventListener("change", apply));
  apply();
})();
