/**
 * What the recording mock runtimes of the component specs share: the record of every registered
 * resource, the look-ups specs assert through, and resolving an output under the mocks.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource as the mock runtime saw it, with inputs typed by the runtime. */
export interface RecordedOf<I> {
  readonly type: string;
  readonly name: string;
  readonly inputs: I;
}

/** Every resource registered since a recording runtime was installed. */
export interface RecorderOf<I> {
  readonly resources: RecordedOf<I>[];
  /** Every resource of one type token, in registration order. */
  ofType(type: string): RecordedOf<I>[];
  /** The one resource with this type and logical name; fails the spec when absent. */
  one(type: string, name: string): RecordedOf<I>;
  /**
   * Waits until no registration is pending, then fails with the first registration that failed
   * (e.g. an apply callback that threw): `pulumi up` fails on it, so a spec must too.
   */
  settle(): Promise<void>;
}

// Failed registrations reach Node only as unhandled rejections; collect them for `settle`.
const failures: unknown[] = [];
process.on("unhandledRejection", (reason) => failures.push(reason));

/** The look-ups over a runtime's record; `settle` is the runtime's own wait. */
export function recorderOf<I>(
  resources: RecordedOf<I>[],
  wait: () => Promise<void>,
): RecorderOf<I> {
  // Only what failed under this runtime counts; earlier specs' failures are theirs.
  failures.length = 0;
  const settle = async (): Promise<void> => {
    await wait();
    await new Promise((resolve) => setImmediate(resolve));
    if (failures.length > 0) {
      const first = failures[0];
      failures.length = 0;
      throw first instanceof Error ? first : new Error(String(first));
    }
  };
  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    one(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) {
        const names = resources.filter((r) => r.type === type).map((r) => r.name);
        throw new Error(`no ${type} named "${name}"; registered: ${names.join(", ") || "none"}`);
      }
      return found;
    },
    settle,
  };
}

/** A parent component for the resources a spec builds; names default to "root". */
export class SpecParent extends pulumi.ComponentResource {
  constructor(name = "root") {
    super("tachyon:spec:Parent", name, {});
  }
}

/** Resolves an output under the mock runtime. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}
