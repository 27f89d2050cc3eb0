import { execFileSync } from "node:child_process";

/** The CLI tests run bin/resume-watcher.mjs, which runs dist/: build it from the current sources first. */
export default function buildCli(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
