/* Search on demand: Material for MkDocs downloads the search index (about 50 KB compressed), starts its
 * search worker and the worker loads lunr's language files as soon as any page opens, although most
 * readers never search. This script, loaded just before Material's bundle, holds back those three
 * downloads until the reader shows they want to search: focus on the search field, a tap on the
 * search button, Material's search shortcuts (f, s, /), or a page opened from a search result (?q=,
 * ?h=). Material then gets the same index and worker as before, a moment later; nothing else changes.
 * An external file rather than an inline script, so that the site's Content-Security-Policy allows it.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:\?|$)/;
  var wanted = /[?&][qh]=/.test(location.search);
  var waiting = [];

  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) {
      go();
    });
  }

  function whenWanted(go) {
    if (wanted) go();
    else waiting.push(go);
  }

  // Material reads the index with XMLHttpRequest: hold back send() for that one address.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.ecmDeferred = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.ecmDeferred) return send.apply(request, args);
    whenWanted(function () {
      send.apply(request, args);
    });
  };

  // Material's search worker: a stand-in that queues listeners and messages until the real one starts.
  var RealWorker = window.Worker;
  if (typeof RealWorker === "function") {
    var LazyWorker = function (url, options) {
      if (!/\/workers\/search\./.test(String(url))) return new RealWorker(url, options);
      var real = null;
      var listeners = [];
      var queue = [];
      var stand = {
        addEventListener: function (type, listener, opts) {
          if (real) real.addEventListener(type, listener, opts);
          else listeners.push([type, listener, opts]);
        },
        removeEventListener: function (type, listener, opts) {
          if (real) real.removeEventListener(type, listener, opts);
          else
            listeners = listeners.filter(function (l) {
              return l[0] !== type || l[1] !== listener;
            });
        },
        postMessage: function (message, transfer) {
          if (real) real.postMessage(message, transfer);
          else queue.push([message, transfer]);
        },
        terminate: function () {
          if (real) real.terminate();
          queue = [];
          listeners = [];
        },
      };
      whenWanted(function () {
        real = new RealWorker(url, options);
        listeners.forEach(function (l) {
          real.addEventListener(l[0], l[1], l[2]);
        });
        queue.forEach(function (m) {
          real.postMessage(m[0], m[1]);
        });
        listeners = [];
        queue = [];
      });
      return stand;
    };
    LazyWorker.prototype = RealWorker.prototype;
    window.Worker = LazyWorker;
  }

  function isSearch(target) {
    return !!(target && target.closest && target.closest('.md-search, label[for="__search"], #__search'));
  }
  document.addEventListener("focusin", function (e) {
    if (isSearch(e.target)) want();
  }, true);
  document.addEventListener("pointerdown", function (e) {
    if (isSearch(e.target)) want();
  }, true);
  document.addEventListener("keydown", function (e) {
    var field = e.target && (e.target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName));
    if (isSearch(e.target) || (!field && /^[fs/]$/.test(e.key))) want();
  }, true);
})();
