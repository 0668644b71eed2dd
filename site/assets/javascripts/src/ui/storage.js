/*
 * What the calculators keep in the browser (localStorage), so that a reload or a visit to a source
 * page loses nothing: the event calculator's fields (ecm-event-v1) and the triennium calculator's
 * data (ecm-triennium-v1: triennium, profile, exemptions, credits), saved soon after a change and at
 * once when the page is left. The backup file is in backup.js.
 */

const STORAGE_KEY = "ecm-triennium-v1";
const EVENT_STORAGE_KEY = "ecm-event-v1";

/** The event calculator's saved form ({fields, components, roles}), or {} when none or unreadable. */
export function loadEventState() {
  try {
    const data = JSON.parse(window.localStorage.getItem(EVENT_STORAGE_KEY) || "null");
    return data && typeof data === "object" ? data : {};
  } catch (_err) {
    return {}; // storage disabled or corrupted: start empty
  }
}

export function saveEventState(data) {
  try {
    window.localStorage.setItem(EVENT_STORAGE_KEY, JSON.stringify(data));
  } catch (_err) {
    /* storage full or disabled: the calculator still works for this page view */
  }
}

export function emptyState() {
  return { triennium: null, profile: {}, exemptions: [], credits: [] };
}

/** The triennium calculator's saved data, every key present (an empty state when none). */
export function loadState() {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return emptyState();
    const data = JSON.parse(raw);
    return { ...emptyState(), ...data };
  } catch (_err) {
    return emptyState(); // storage disabled or corrupted: start empty rather than fail
  }
}

let saveTimer = null;
let pendingState = null;
let leaving = false;

function write(state) {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch (_err) {
    /* storage full or disabled: the calculator still works for this page view */
  }
}

/** Save soon, not on every keystroke: serialising hundreds of records would slow typing down; `now`
 *  saves at once. A save still waiting is written when the page is left. */
export function saveState(state, now) {
  clearTimeout(saveTimer);
  saveTimer = null;
  if (!leaving) {
    leaving = true;
    window.addEventListener("pagehide", () => {
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        write(pendingState);
      }
    });
  }
  if (now) {
    write(state);
    return;
  }
  pendingState = state;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    write(state);
  }, 250);
}

/** Forget the triennium calculator's data (the person asked to clear it). */
export function clearState() {
  clearTimeout(saveTimer);
  saveTimer = null;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch (_err) {
    /* nothing stored */
  }
}
