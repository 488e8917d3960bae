// Unit tests for the docs app's pure helpers (URL state, form, labels, neuron maths, API Markdown) and the
// guide examples: src/**/*.test.ts and test/**/*.test.ts. The browser tests against the built site are
// test/browser.test.mjs, run by `test:browser`, not by vitest.
import shared from "../../vitest.shared";

export default shared;
