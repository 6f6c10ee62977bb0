// Bundles the console for the gateway's jar: TypeScript -> one script per entry point, the CSS, and
// the page itself, into the folder Spring Boot serves as /console/ from the class path
// (META-INF/resources/console). Run by Maven (npm run build) after `tsc --noEmit` has type-checked.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

const out = process.argv[2] ?? "target/classes/META-INF/resources/console";
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: {
    console: "src/main.ts",
    // Loaded by audioWorklet.addModule: a script of its own, it runs in the audio rendering thread.
    "mic-worklet": "src/audio/mic-worklet.ts",
    style: "src/console.css",
  },
  outdir: out,
  bundle: true,
  format: "iife",
  platform: "browser",
  // Said explicitly, so esbuild takes a package's "module" build even where amazon-chime-sdk-js
  // require()s it: the AWS SDK clients it pulls in map their runtime config to the browser one
  // only there (their CommonJS build would bring Node's credential providers).
  mainFields: ["browser", "module", "main"],
  // Some of the SDK's dependencies name Node's `global`; in a page it is globalThis.
  define: { global: "globalThis" },
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
});
await copyFile("src/index.html", join(out, "index.html"));
