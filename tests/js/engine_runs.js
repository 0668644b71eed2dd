// The browser engine's entry point for each kind of vector or case, shared by the JS test runners.
import path from "node:path";

// The engine's ES modules themselves, not the bundle the guide serves.
import * as ECM from "../../site/assets/javascripts/src/engine/index.js";

const RUN = {
  event: ECM.computeEventCredits,
  obligation: ECM.computeObligation,
  compliance: ECM.evaluateCompliance,
  compensation: ECM.compensate,
  move: ECM.whatIfMove,
  status: ECM.evaluateStatus,
  calendar: ECM.deadlineCalendar,
};

export { RUN };
