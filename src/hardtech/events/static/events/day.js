// The event day pages: print links, and the live board refreshing itself from its JSON view every 30 s.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".print-link") : null;
    if (link) {
      event.preventDefault();
      window.print();
    }
  });

  function fill(list, part) {
    var empty = list.getAttribute("data-empty") || "";
    while (list.firstChild) list.removeChild(list.firstChild);
    var meetings = part && part.meetings ? part.meetings : [];
    if (!meetings.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = empty;
      list.appendChild(none);
      return;
    }
    meetings.forEach(function (m) {
      var item = document.createElement("li");
      var table = document.createElement("span");
      table.className = "board-table";
      table.textContent = m.table + "号桌";
      var pair = document.createElement("span");
      pair.className = "board-pair";
      pair.textContent = m.a + " — " + m.b;
      item.appendChild(table);
      item.appendChild(pair);
      list.appendChild(item);
    });
  }

  function render(board, state) {
    var time = board.querySelector("[data-field=time]");
    if (time) time.textContent = state.time;
    ["now", "next"].forEach(function (key) {
      var section = board.querySelector("[data-part=" + key + "]");
      if (!section) return;
      var heading = section.querySelector("h2");
      var label = key === "now" ? "进行中" : "下一轮";
      if (heading) heading.textContent = state[key] ? label + "：" + state[key].slot : label;
      var list = section.querySelector(".board-meetings");
      if (list) fill(list, state[key]);
    });
  }

  function start(board) {
    var url = board.getAttribute("data-json-url");
    var seconds = parseInt(board.getAttribute("data-refresh-seconds"), 10) || 30;
    if (!url || !window.fetch) return;
    window.setInterval(function () {
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) { if (state) render(board, state); })
        .catch(function () { /* keep what is shown; try again next time */ });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("live-board");
    if (board) start(board);
  });
})();
