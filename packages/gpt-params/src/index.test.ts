import { expect, it } from "vitest";
import { hello } from "./index";
it("works", () => expect(hello()).toBe(1));
