// The browser engine's entry point for each kind of vector or case, shared by the JS test runners.
"use strict";

const path = require("node:path");

const ECM = require(path.join(__dirname, "..", "..", "site", "assets", "javascripts", "ecm-engine.js"));

const RUN = {
  event: ECM.computeEventCredits,
  obligation: ECM.computeObligation,
  compliance: ECM.evaluateCompliance,
  compensation: ECM.compensate,
  move: ECM.whatIfMove,
  status: ECM.evaluateStatus,
};

module.exports = { RUN };
