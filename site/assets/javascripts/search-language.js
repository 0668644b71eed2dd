/* Each language has its own search index (hooks/ecm_rules.py splits the merged one). Material fetches
 * "search/search_index.json" from its base and resolves results against it, so on the English pages
 * the base moves to the English root: the Italian index is never downloaded there, and vice versa.
 * Loaded (English pages only) right after Material's #__config and before its bundle reads it; an
 * external file rather than an inline script so that the site's Content-Security-Policy allows it. */
(function () {
  "use strict";
  var element = document.getElementById("__config");
  if (!element) return;
  var config = JSON.parse(element.textContent);
  config.base = config.base.replace(/\/?$/, "/") + "en/";
  element.textContent = JSON.stringify(config);
})();
