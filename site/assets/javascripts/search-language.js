/* The search index holds both languages (mkdocs-static-i18n merges them): show only the results in the
 * language of the page being read. No network access; runs on every page. */
(function () {
  "use strict";
  var config = document.getElementById("__config");
  if (!config) return;
  var root;
  try {
    root = new URL(JSON.parse(config.textContent).base + "/", location.href);
  } catch (error) {
    return;
  }
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  function inEnglish(href) {
    var url = new URL(href, location.href);
    return url.pathname.indexOf(root.pathname + "en/") === 0;
  }

  function filter(list) {
    var items = list.querySelectorAll(".md-search-result__item");
    for (var i = 0; i < items.length; i++) {
      var link = items[i].querySelector("a[href]");
      if (!link) continue;
      items[i].hidden = inEnglish(link.getAttribute("href")) !== english;
    }
  }

  var list = document.querySelector(".md-search-result__list");
  if (!list || !window.MutationObserver) return;
  new MutationObserver(function () {
    filter(list);
  }).observe(list, { childList: true });
})();
