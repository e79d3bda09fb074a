// The desk's keyboard habits and live updates. No inline script anywhere:
// the Content-Security-Policy allows only files served from here.
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.claim-row"));
  var at = -1;

  function move(by) {
    if (!rows.length) return;
    if (at >= 0) rows[at].classList.remove("current");
    at = Math.max(0, Math.min(rows.length - 1, at + by));
    rows[at].classList.add("current");
    rows[at].scrollIntoView({ block: "nearest" });
  }

  function help() {
    var h = document.getElementById("help");
    if (h) { h.remove(); return; }
    h = document.createElement("div");
    h.id = "help";
    h.textContent = "j/k: next/previous claim · Enter: open · c: confirm · d: dispute · ?: this help";
    document.body.appendChild(h);
  }

  function verdict(v) {
    var radio = document.getElementById("verdict-" + v);
    if (radio) { radio.checked = true; radio.focus(); return true; }
    if (at >= 0) { window.location = rows[at].getAttribute("data-href") + "#" + v; return true; }
    return false;
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter": if (at >= 0) window.location = rows[at].getAttribute("data-href"); else return; break;
      case "c": if (!verdict("confirm")) return; break;
      case "d": if (!verdict("dispute")) return; break;
      case "?": help(); break;
      default: return;
    }
    e.preventDefault();
  });

  // Opened from the queue with c or d: preselect that verdict.
  if (page === "claim" && (location.hash === "#confirm" || location.hash === "#dispute")) {
    verdict(location.hash.slice(1));
  }

  // Live: another reviewer's change to what this page shows offers a
  // reload (never forced: a half-filled form stays as it is).
  var live = document.getElementById("live");
  if (live && window.EventSource) {
    var stream = live.getAttribute("data-stream"), prefix = live.getAttribute("data-prefix");
    var changes = 0;
    var es = new EventSource("/live");
    es.addEventListener("change", function (e) {
      var d = JSON.parse(e.data);
      if (stream ? d.stream !== stream : d.stream.indexOf(prefix) !== 0) return;
      changes++;
      live.textContent = (stream ? "This claim changed (" + d.type + ")" : changes + " change(s) to claims") + " since you opened the page. ";
      var a = document.createElement("a");
      a.href = location.pathname + location.search;
      a.textContent = "Reload";
      live.appendChild(a);
      live.hidden = false;
    });
  }
})();
