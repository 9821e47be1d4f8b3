// Every integration test file runs with the test clock installed (docs/decisions/0011-test-clock.md):
// Date follows real time, and tests move it forward with advanceClock (tests/fixtures/clock.ts)
// instead of waiting. Installed once per process, it never goes backward between files.
import { installTestClock } from "../../scripts/lib/test-clock.mjs";

installTestClock();
