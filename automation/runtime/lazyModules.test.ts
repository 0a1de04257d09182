import { describe, expect, it } from "vitest";
import { lazyCallables, lazyModule, lazyRuleFor } from "./lazyModules";

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

describe("lazyCallables", () => {
  it("lets exports be destructured without loading, and loads on the first call or construction", () => {
    let loads = 0;
    class Provider {
      constructor(readonly name: string) {}
      register() {
        return `registered ${this.name}`;
      }
    }
    const stand = lazyCallables(() => {
      loads++;
      return { Provider, start: (url: string) => `started ${url}` };
    }) as { Provider: typeof Provider; start: (url: string) => string };
    const { Provider: P, start } = stand;
    expect(loads).toBe(0);
    const p = new P("x");
    expect(p).toBeInstanceOf(Provider);
    expect(p.register()).toBe("registered x");
    expect(start("http://z")).toBe("started http://z");
    expect(loads).toBe(1);
  });
});

describe("lazyRuleFor", () => {
  it("matches only the named require from the named file", () => {
    const pulumi = "/p/node_modules/@pulumi/pulumi";
    expect(lazyRuleFor("../../typescript-shim", `${pulumi}/runtime/closure/parseFunction.js`)).toBeDefined();
    expect(lazyRuleFor("../../typescript-shim", `${pulumi}/runtime/closure/utils.js`)).toBeUndefined();
    expect(lazyRuleFor("@npmcli/arborist", `${pulumi}/runtime/closure/codePaths.js`)).toBeDefined();
    expect(lazyRuleFor("./automation", `${pulumi}/index.js`)).toBeDefined();
    expect(lazyRuleFor("./automation", `${pulumi}/cmd/run/index.js`)).toBeUndefined();
    expect(lazyRuleFor("@opentelemetry/sdk-trace-node", `${pulumi}/cmd/run/tracing.js`)?.destructured).toBe(true);
    // The API itself is used at once (newSpan): never a stand-in.
    expect(lazyRuleFor("@opentelemetry/api", `${pulumi}/cmd/run/tracing.js`)).toBeUndefined();
  });
});
