/*
 * Entry point of the triennium calculator's bundle (pages with data-calculator="triennium"): esbuild
 * bundles it with what it imports into assets/javascripts/ecm-triennium.<hash>.min.js
 * (hooks/bundle_scripts.py). It carries the engine and "il mio triennio" only, not the event calculator.
 */
import { parseImport } from "./ui/backup.js";
import { mountTriennium } from "./ui/triennium.js";
import { start } from "./ui/startup.js";

start({ triennium: mountTriennium }, { parseImport });
