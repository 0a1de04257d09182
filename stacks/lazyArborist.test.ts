import { describe, expect, it } from "vitest";
import { lazyModule } from "./lazyArborist";

describe("lazyModule", () => {
  it("loads nothing until used, then behaves as the module", () => {
    let loads = 0;
    class Arborist {
      constructor(readonly opts: { path: string }) {}
    }
    const stand = lazyModule(() => {
      loads++;
      return { Arborist };
    }) as { __esModule: boolean; Arborist: typeof Arborist };
    expect(stand.__esModule).toBe(true);
    expect(loads).toBe(0);
    expect(new stand.Arborist({ path: "/x" }).opts.path).toBe("/x");
    expect(Object.keys(stand)).toEqual(["Arborist"]);
    expect("Arborist" in stand).toBe(true);
    expect(loads).toBe(1);
  });

  it("is kept as is by TypeScript's __importStar (it says __esModule)", () => {
    let loads = 0;
    const stand = lazyModule(() => {
      loads++;
      return { a: 1 };
    }) as { __esModule?: boolean };
    // __importStar: `if (mod && mod.__esModule) return mod;`
    const imported = stand && stand.__esModule ? stand : { ...stand };
    expect(imported).toBe(stand);
    expect(loads).toBe(0);
  });
});
