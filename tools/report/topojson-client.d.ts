/**
 * The part of topojson-client 3.1.0 the latency map uses (the package ships no types):
 * `feature` turns a TopoJSON object into GeoJSON, https://github.com/topojson/topojson-client#feature.
 */
declare module "topojson-client" {
  /** A TopoJSON topology: shared arcs and the named objects built from them. */
  interface Topology {
    readonly type: "Topology";
    readonly objects: Readonly<Record<string, GeometryObject>>;
  }
  /** One named object of a topology. */
  interface GeometryObject {
    readonly type: string;
  }
  /** GeoJSON polygons: rings of [longitude, latitude] positions. */
  interface Geometry {
    readonly type: "Polygon" | "MultiPolygon";
    readonly coordinates: unknown;
  }
  /** A GeoJSON feature collection. */
  interface FeatureCollection {
    readonly type: "FeatureCollection";
    readonly features: readonly { readonly geometry: Geometry }[];
  }
  /** The GeoJSON of `object` in `topology`. */
  export function feature(topology: Topology, object: GeometryObject): FeatureCollection;
}
