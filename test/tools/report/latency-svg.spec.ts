import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { estimateRtt, findPlace } from "../../../model/latency";
import { run } from "../../../tools/commands/latency";
import { latencySvg, rttColour, xmlEscape } from "../../../tools/report/latency-svg";
import { parseXml } from "../../support/xml";
import { capture } from "../commands/capture";

const IDS = [
  "aws:us-east-1",
  "venue:NYSE",
  "azure:westeurope",
  "gcp:asia-northeast1",
  "aws:us-west-2",
  "venue:ASX",
];

describe("tools/report/latency-svg", () => {
  it("writes a well-formed SVG naming every site and venue with --format svg --output", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-svg-")), "latency.svg");
    const r = await capture(run, ["--sites", IDS.join(","), "--format", "svg", "--output", file]);
    assert.deepEqual(r, { code: 0, stdout: "", stderr: "" });
    const elements = parseXml(fs.readFileSync(file, "utf8"));
    assert.equal(elements[0].name, "svg");
    assert.equal(elements[0].attributes.xmlns, "http://www.w3.org/2000/svg");
    const labels = elements.filter((e) => e.name === "text").map((e) => e.text);
    for (const id of IDS) assert.ok(labels.includes(id), `no label for ${id}`);
  });

  it("draws the land under the links: 129 rings of Natural Earth 1:110m, about 30 KB", () => {
    const elements = parseXml(latencySvg(IDS.map((id) => findPlace(id)!)));
    const paths = elements.filter((e) => e.name === "path");
    const land = paths.findIndex((e) => e.attributes.id === "land");
    assert.equal(land, 0, "land is the first path, under every other");
    const d = paths[land].attributes.d;
    assert.equal(d.match(/M/g)?.length, 129);
    assert.equal(d.length, 30732);
    assert.match(d, /^M[0-9]+,[0-9]+l/);
  });

  it("draws one link per pair, titled and coloured by its estimate", () => {
    const places = IDS.map((id) => findPlace(id)!);
    const elements = parseXml(latencySvg(places));
    const links = elements.filter((e) => e.name === "path" && e.attributes["stroke-width"] === "2");
    assert.equal(links.length, 15);
    const titles = elements.filter((e) => e.name === "title").map((e) => e.text);
    const e = estimateRtt(findPlace("aws:us-east-1")!, findPlace("venue:NYSE")!);
    assert.ok(titles.includes("aws:us-east-1 to venue:NYSE: 9.5 ms (8.6-11.5)"), titles.join("\n"));
    assert.equal(links[0].attributes.stroke, rttColour(e.rttMs));
    assert.equal(links[0].attributes.stroke, "#91cf60");
  });

  it("splits a link that is shorter across the antimeridian into two segments", () => {
    const svg = latencySvg([findPlace("gcp:asia-northeast1")!, findPlace("aws:us-west-2")!]);
    const link = parseXml(svg).find(
      (e) => e.name === "path" && e.attributes["stroke-width"] === "2",
    );
    assert.equal(link?.attributes.d.match(/M/g)?.length, 2);
  });

  it("colours by round trip: under 2, 10, 50 and 100 ms, and above", () => {
    assert.deepEqual([1.7, 2, 9.9, 49, 99, 100, 300].map(rttColour), [
      "#1a9850",
      "#91cf60",
      "#91cf60",
      "#fee08b",
      "#fc8d59",
      "#d73027",
      "#d73027",
    ]);
  });

  it("escapes text for XML", () => {
    assert.equal(xmlEscape(`a<b & "c">`), "a&lt;b &amp; &quot;c&quot;&gt;");
  });

  it("rejects XML that is not well formed", () => {
    assert.throws(() => parseXml("<svg><g></svg>"), /<\/svg> closes <g>/);
    assert.throws(() => parseXml("<svg><text>a & b</text></svg>"), /bare "&"/);
    assert.throws(() => parseXml("<svg/><svg/>"), /second root element/);
  });

  it("exits 2 when --output cannot be written", async () => {
    const r = await capture(run, [
      "--sites",
      "aws:us-east-1",
      "--format",
      "svg",
      "--output",
      "/nonexistent/x.svg",
    ]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^tachyon latency: --output: cannot write the file, got "\/nonexistent\/x.svg"/,
    );
  });
});
