import assert from "node:assert/strict";
import fc from "fast-check";
import {
  chooseRegion,
  DEFAULT_CHOICE,
  greatCircleKm,
  parseCoordinate,
  parseDrained,
  type EdgeConfig,
} from "../../../functions/edge/route";
import { distanceKm } from "../../../model/geo";

const CONFIG: EdgeConfig = {
  originHost: "api.trade.example.com",
  kvsId: "",
  regions: [
    { region: "us-east-1", lat: 38.9, lon: -77.4, port: 8443 },
    { region: "eu-west-2", lat: 51.5, lon: -0.1, port: 8444 },
    { region: "ap-northeast-1", lat: 35.7, lon: 139.7, port: 8445 },
  ],
};

describe("chooseRegion", () => {
  const cases: [string, string, string, string][] = [
    ["Chicago", "41.88", "-87.63", "us-east-1"],
    ["Paris", "48.86", "2.35", "eu-west-2"],
    ["Frankfurt", "50.11", "8.68", "eu-west-2"],
    ["Seoul", "37.57", "126.98", "ap-northeast-1"],
    ["Sydney", "-33.87", "151.21", "ap-northeast-1"],
    ["São Paulo", "-23.55", "-46.63", "us-east-1"],
  ];
  for (const [city, lat, lon, region] of cases) {
    it(`sends a viewer in ${city} to ${region}`, () => {
      const choice = chooseRegion(CONFIG, lat, lon);
      assert.equal(choice.region, region);
      assert.equal(choice.port, CONFIG.regions.find((r) => r.region === region)?.port);
    });
  }

  it("keeps the anycast default when a coordinate header is missing", () => {
    assert.deepEqual(chooseRegion(CONFIG, undefined, "2.35"), DEFAULT_CHOICE);
    assert.deepEqual(chooseRegion(CONFIG, "48.86", undefined), DEFAULT_CHOICE);
    assert.deepEqual(DEFAULT_CHOICE, { region: "", port: 443, distanceKm: -1 });
  });

  it("keeps the anycast default for malformed or out-of-range coordinates", () => {
    assert.deepEqual(chooseRegion(CONFIG, "abc", "2.35"), DEFAULT_CHOICE);
    assert.deepEqual(chooseRegion(CONFIG, "91", "2.35"), DEFAULT_CHOICE);
    assert.deepEqual(chooseRegion(CONFIG, "48.86", "-180.5"), DEFAULT_CHOICE);
    assert.deepEqual(chooseRegion(CONFIG, "", ""), DEFAULT_CHOICE);
  });

  it("keeps the anycast default without regions", () => {
    assert.deepEqual(
      chooseRegion({ originHost: "x", regions: [], kvsId: "" }, "1", "2"),
      DEFAULT_CHOICE,
    );
  });

  it("skips drained regions and sends their viewers to the next nearest", () => {
    assert.equal(chooseRegion(CONFIG, "48.86", "2.35", ["eu-west-2"]).region, "us-east-1");
    assert.equal(chooseRegion(CONFIG, "48.86", "2.35", []).region, "eu-west-2");
  });

  it("keeps the anycast default when every region is drained", () => {
    const all = CONFIG.regions.map((r) => r.region);
    assert.deepEqual(chooseRegion(CONFIG, "48.86", "2.35", all), DEFAULT_CHOICE);
  });

  it("gives a tie to the earlier region of the topology", () => {
    const twins: EdgeConfig = {
      originHost: "x",
      kvsId: "",
      regions: [
        { region: "a", lat: 10, lon: 10, port: 8443 },
        { region: "b", lat: 10, lon: 10, port: 8444 },
      ],
    };
    assert.equal(chooseRegion(twins, "0", "0").region, "a");
  });

  it("always picks a region no farther than any other (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lon) => {
          const choice = chooseRegion(CONFIG, lat.toFixed(4), lon.toFixed(4));
          const la = Number(lat.toFixed(4));
          const lo = Number(lon.toFixed(4));
          for (const r of CONFIG.regions) {
            assert.ok(choice.distanceKm <= greatCircleKm(la, lo, r.lat, r.lon) + 1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("greatCircleKm", () => {
  it("agrees with the latency model's distance", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (a, b, c, d) => {
          const expected = distanceKm({ lat: a, lon: b }, { lat: c, lon: d });
          assert.ok(Math.abs(greatCircleKm(a, b, c, d) - expected) < 1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("measures London to New York as about 5,570 km", () => {
    assert.equal(Math.round(greatCircleKm(51.5074, -0.1278, 40.7128, -74.006)), 5570);
  });
});

describe("parseDrained", () => {
  it("reads a comma-separated list of region codes, ignoring blanks", () => {
    assert.deepEqual(parseDrained(" eu-west-2 ,, us-east-1,"), ["eu-west-2", "us-east-1"]);
    assert.deepEqual(parseDrained(""), []);
    assert.deepEqual(parseDrained(undefined), []);
  });
});

describe("parseCoordinate", () => {
  it("reads CloudFront's decimal header values within the limit", () => {
    assert.equal(parseCoordinate("42.30680", 90), 42.3068);
    assert.equal(parseCoordinate("-83.70590", 180), -83.7059);
    assert.equal(parseCoordinate(" 7 ", 90), 7);
  });

  it("rejects anything else", () => {
    for (const bad of [undefined, "", "1e3", "0x10", "12,5", "NaN", "-", "95"]) {
      assert.equal(parseCoordinate(bad, 90), undefined, String(bad));
    }
  });
});
