/* Local storage for the handbook's own scripts: JSON values by key, safe where storage is
 * refused (private mode, blocked cookies, a full quota) — then nothing is kept and nothing throws.
 *
 * Loaded on every page as a classic script (extra_javascript, before the feature scripts), so
 * classic scripts and ES modules alike use it through the global:
 *
 *   window.handbook.storage.get(key)          -> the stored value, or null (absent, unreadable
 *                                                or not JSON)
 *   window.handbook.storage.set(key, value)   -> true when kept (value is stored as JSON)
 *   window.handbook.storage.remove(key)       -> true when the key is gone
 *   window.handbook.storage.keys(prefix)      -> the stored keys starting with prefix ([] when
 *                                                nothing can be kept)
 *   window.handbook.storage.available()       -> whether anything can be kept at all
 *
 * Keys are the callers' own, prefixed "policy-handbook:" by convention (e.g.
 * "policy-handbook:calc-draft:leave"). */
(function () {
  "use strict";
  var handbook = (window.handbook = window.handbook || {});
  if (handbook.storage) return; // once per tab (Material's instant navigation keeps the page)

  var PROBE = "policy-handbook:probe";
  var store; // undefined: not probed yet; null: no storage

  function backend() {
    if (store !== undefined) return store;
    try {
      var local = window.localStorage;
      local.setItem(PROBE, "1");
      local.removeItem(PROBE);
      store = local;
    } catch (e) {
      store = null; // SecurityError (blocked), QuotaExceededError (Safari private mode)
    }
    return store;
  }

  function get(key) {
    var local = backend();
    if (!local) return null;
    try {
      var text = local.getItem(String(key));
      return text === null ? null : JSON.parse(text);
    } catch (e) {
      return null; // not JSON (written by something else): treated as absent
    }
  }

  function set(key, value) {
    var local = backend();
    if (!local) return false;
    try {
      local.setItem(String(key), JSON.stringify(value));
      return true;
    } catch (e) {
      return false; // quota exceeded or a value JSON cannot hold
    }
  }

  function remove(key) {
    var local = backend();
    if (!local) return false;
    try {
      local.removeItem(String(key));
      return true;
    } catch (e) {
      return false;
    }
  }

  function keys(prefix) {
    var local = backend();
    if (!local) return [];
    var start = String(prefix || "");
    var found = [];
    try {
      for (var i = 0; i < local.length; i += 1) {
        var key = local.key(i);
        if (key !== null && key.indexOf(start) === 0) found.push(key);
      }
    } catch (e) {
      return [];
    }
    return found;
  }

  handbook.storage = {
    get: get,
    set: set,
    remove: remove,
    keys: keys,
    available: function () {
      return backend() !== null;
    },
  };
})();
