// Builds the editor bundle and collects the licence of every package in it.
// Deterministic: fixed esbuild options, no timestamps, no absolute paths, files in sorted order,
// so `npm ci && npm run build` from the committed package-lock.json gives the committed files.
// OUT_DIR (default ../static/vendor/blognet-editor) lets the CI check build somewhere else.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.env.OUT_DIR || "../static/vendor/blognet-editor");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "licenses"), { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: ["src/index.js"],
  outfile: join(out, "blognet-editor.min.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  platform: "browser",
  legalComments: "none",
  charset: "utf8",
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
});

// Every npm package that has at least one file in the bundle.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const lines = [];
for (const name of [...packages].sort()) {
  const folder = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const licenceFiles = readdirSync(folder).filter((file) => /^(licen[cs]e|third_party_licenses)/i.test(file)).sort();
  if (!licenceFiles.length) throw new Error(`${name} has no licence file to ship`);
  for (const file of licenceFiles) {
    const target = `${name.replace("/", "__")}.${file}`;
    writeFileSync(join(out, "licenses", target), readFileSync(join(folder, file)));
  }
  lines.push(`${name} ${meta.version} ${meta.license}: licenses/${name.replace("/", "__")}.${licenceFiles[0]}`);
}
writeFileSync(
  join(out, "LICENSES.txt"),
  "blognet-editor.min.js bundles these packages (name, version, licence, licence file):\n\n" + lines.join("\n") + "\n",
);
if (!existsSync(join(out, "blognet-editor.min.js"))) throw new Error("no bundle written");
