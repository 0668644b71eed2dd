/*
 * Entry point of the event calculator's bundle (pages with data-calculator="event"): esbuild bundles
 * it with what it imports into assets/javascripts/ecm-event.<hash>.min.js (hooks/bundle_scripts.py).
 * It carries the engine and the event calculator only, not the triennium calculator.
 */
import { mountEvent } from "./ui/event.js";
import { start } from "./ui/startup.js";

start({ event: mountEvent }, {});
