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

  // Live: another reviewer's change to what this page shows is brought in
  // place: the parts marked data-live are read afresh and swapped in. The
  // forms are never touched: they keep what was typed and the version that
  // was read, so a decision taken on the old state is refused (409) with
  // the fresh one rather than recorded.
  var live = document.getElementById("live");
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var stream = live.getAttribute("data-stream"), prefix = live.getAttribute("data-prefix");
    // The page's own address: a claim page shown as the answer to one of its
    // forms has the form's address in the location bar.
    var url = live.getAttribute("data-url") || location.pathname + location.search;
    var changes = 0, busy = false, again = false;
    var refresh = function () {
      if (busy) { again = true; return; }
      busy = true;
      fetch(url, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok || r.redirected) throw new Error("refresh: " + r.status); // signed out: the notice stays
          return r.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), function (el) {
            var n = fresh.getElementById(el.id);
            if (n) el.replaceWith(document.adoptNode(n));
          });
          var current = at >= 0 ? rows[at].getAttribute("data-href") : null;
          rows = Array.prototype.slice.call(document.querySelectorAll("tr.claim-row"));
          at = rows.findIndex(function (r) { return r.getAttribute("data-href") === current; });
          if (at >= 0) rows[at].classList.add("current");
        })
        .catch(function () {})
        .finally(function () {
          busy = false;
          if (again) { again = false; setTimeout(refresh, 1000); } // a burst of changes: one more read
        });
    };
    var es = new EventSource("/live");
    es.addEventListener("change", function (e) {
      var d = JSON.parse(e.data);
      if (stream ? d.stream !== stream : d.stream.indexOf(prefix) !== 0) return;
      changes++;
      live.textContent = (stream ? "This claim changed (" + d.type + ") since you opened the page; it is shown as it is now, " +
        "and your forms still hold the version you read. "
        : changes + " change(s) to claims since you opened the page; the list is up to date. ");
      var a = document.createElement("a");
      a.href = url;
      a.textContent = "Reload";
      live.appendChild(a);
      live.hidden = false;
      refresh();
    });
  }
})();
